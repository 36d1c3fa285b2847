import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CancelledError } from '../errors.ts';

// Finished stage outputs, one JSON file each, so a job that is run again resumes after its last finished stage.
// The job's folder is made once, when the job starts; a write never makes it again, so a job whose folder was
// removed under it (the request was deleted) fails its next write instead of leaving files behind.

export class Checkpoints {
  /** `signal`: once the job is stopped, no stage starts and nothing more is written */
  constructor(
    private readonly dir: string,
    private readonly signal?: AbortSignal,
  ) {}

  private file(name: string): string {
    return path.join(this.dir, `stage-${name}.json`);
  }

  async read<T>(name: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.file(name), 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
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
