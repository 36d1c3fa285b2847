import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { CancelledError } from '../domain/errors.ts';
import type { Storage } from '../storage/storage.ts';

// Finished stage outputs, one JSON file each, so a job that is run again resumes after its last finished stage.
// The job's folder is made once, when the job starts; a write never makes it again, so a job whose folder was
// removed under it (the request was deleted) fails its next write instead of leaving files behind.
// With shared storage, the outputs that name no file of this host are also kept there, so another host resumes.

export interface SharedCheckpoints {
  storage: Storage;
  /** the job's folder in storage, ending with "/" */
  prefix: string;
  /** stages whose outputs name files of the host that made them (another host makes its own) */
  hostLocal: ReadonlySet<string>;
}

export class Checkpoints {
  /** `signal`: once the job is stopped, no stage starts and nothing more is written */
  constructor(
    private readonly dir: string,
    private readonly signal?: AbortSignal,
    private readonly shared?: SharedCheckpoints,
  ) {}

  private fileName(name: string): string {
    return `stage-${name}.json`;
  }

  private file(name: string): string {
    return path.join(this.dir, this.fileName(name));
  }

  private sharedKey(name: string): string | undefined {
    if (!this.shared || this.shared.hostLocal.has(name)) return undefined;
    return `${this.shared.prefix}${this.fileName(name)}`;
  }

  async read<T>(name: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.file(name), 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const key = this.sharedKey(name);
    const object = key ? await this.shared!.storage.read(key) : undefined;
    return object ? (JSON.parse(await text(object.body)) as T) : undefined;
  }

  async write<T>(name: string, value: T): Promise<void> {
    if (this.signal?.aborted) throw new CancelledError();
    const target = this.file(name);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(value));
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
    const key = this.sharedKey(name);
    if (key) await this.shared!.storage.putBytes(key, JSON.stringify(value));
  }

  /** Returns the stored output of `name`, or runs `work`, stores its output and returns it. */
  async stage<T>(name: string, work: () => Promise<T>): Promise<T> {
    const stored = await this.read<T>(name);
    if (stored !== undefined) return stored;
    if (this.signal?.aborted) throw new CancelledError();
    const value = await work();
    await this.write(name, value);
    return value;
  }
}
