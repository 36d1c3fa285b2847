import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');

/** A full garbage collection now, as `node --expose-gc`'s `gc()` runs one, in a process started without that flag. */
export const collectGarbage = vm.runInNewContext('gc') as () => void;
