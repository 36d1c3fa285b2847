// After both test tiers: one short recap at the very end of the output, naming every test that failed and the
// first lines of why, so a failure in the first tier is not lost far above the second tier's summary.
//   node --import tsx scripts/test-recap.ts <tier>=<vitest json report> ...

import { readFile } from 'node:fs/promises';
import { recapOf, type Report } from '../test/helpers/test-recap.ts';

const out: string[] = ['', 'Test recap'];
for (const argument of process.argv.slice(2)) {
  const [tier, file] = argument.split('=');
  try {
    out.push(...recapOf(tier, JSON.parse(await readFile(file, 'utf8')) as Report));
  } catch (error) {
    out.push(`${tier}: no report (${(error as Error).message}); the tier did not finish`);
  }
}
process.stdout.write(`${out.join('\n')}\n`);
