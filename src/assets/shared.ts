import { copyFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../domain/logger.ts';
import { checkedKey, type Storage } from '../storage/storage.ts';
import type { Asset } from './library.ts';

// Operator-added assets with shared storage: `assets add` also puts the file in the bucket, and every serve and
// worker host copies what the bucket has into its own assets dir (at start, then every minute), so the API host
// lists the same catalogue the worker hosts render from. Built-in assets are made by each host itself.

const ASSETS_PREFIX = 'assets/';
export const ASSET_SYNC_EVERY_MS = 60_000;

/** Puts an asset just added to this host's assets dir into shared storage (nothing to do with local storage). */
export async function shareAsset(storage: Storage, asset: Asset): Promise<void> {
  if (!storage.shared) return;
  const copy = `${asset.path}.${process.pid}.upload`;
  await copyFile(asset.path, copy);
  await storage.putFile(`${ASSETS_PREFIX}${asset.kind}/${path.basename(asset.path)}`, copy);
}

/** Copies into `assetsDir` every shared asset it lacks (or has at another size); returns their keys. */
export async function syncSharedAssets(storage: Storage, assetsDir: string): Promise<string[]> {
  if (!storage.shared) return [];
  const copied: string[] = [];
  for (const { key, size } of await storage.list(ASSETS_PREFIX)) {
    const target = path.join(assetsDir, checkedKey(key.slice(ASSETS_PREFIX.length)));
    if ((await stat(target).catch(() => undefined))?.size === size) continue;
    await storage.localFile(key, target);
    copied.push(key);
  }
  return copied;
}

/** Syncs now (the first sync is awaited, so a worker renders with the catalogue), then every minute. */
export async function startAssetSync(
  storage: Storage,
  assetsDir: string,
  log: Logger,
  everyMs = ASSET_SYNC_EVERY_MS,
): Promise<() => Promise<void>> {
  if (!storage.shared) return async () => undefined;
  let busy: Promise<unknown> = Promise.resolve();
  const sync = () =>
    (busy = busy
      .then(() => syncSharedAssets(storage, assetsDir))
      .then((copied) => {
        if (copied.length > 0) log.info(`assets: copied ${copied.length} shared asset(s) from storage`);
      })
      .catch((error: unknown) => log.warn(`assets sync: ${(error as Error).message}`)));
  await sync();
  // each sync handles its own failure (above), so the timer drops the promise
  const timer = setInterval(() => void sync(), everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await busy;
  };
}
