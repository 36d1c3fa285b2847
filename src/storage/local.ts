import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { moveFile } from './move-file.ts';
import { checkedKey, type ByteRange, type ObjectInfo, type ObjectStream, type Storage } from './storage.ts';

// Storage in a folder of this host (the data dir): a key is a path under it.

export class LocalStorage implements Storage {
  readonly kind = 'local';
  readonly shared = false;

  constructor(private readonly root: string) {}

  pathOf(key: string): string {
    return path.join(this.root, checkedKey(key));
  }

  async putFile(key: string, file: string): Promise<void> {
    const target = this.pathOf(key);
    if (path.resolve(file) === target) return;
    await mkdir(path.dirname(target), { recursive: true });
    await moveFile(file, target);
  }

  async putBytes(key: string, bytes: Buffer | string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, target);
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    const info = await stat(this.pathOf(key)).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { size: info.size, etag: `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"` };
  }

  async read(key: string, range?: ByteRange): Promise<ObjectStream | undefined> {
    const info = await this.stat(key);
    if (!info) return undefined;
    return { ...info, body: createReadStream(this.pathOf(key), range) };
  }

  async list(prefix: string): Promise<{ key: string; size: number }[]> {
    const dir = this.pathOf(prefix);
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries.filter((entry) => entry.isFile());
    return Promise.all(
      files.map(async (entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return {
          key: path.relative(this.root, file).split(path.sep).join('/'),
          size: (await stat(file)).size,
        };
      }),
    );
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.pathOf(prefix), { recursive: true, force: true });
  }

  async downloadUrl(): Promise<undefined> {
    return undefined;
  }

  async readableLocation(key: string): Promise<string> {
    return this.pathOf(key);
  }

  async localFile(key: string): Promise<string> {
    return this.pathOf(key);
  }
}
