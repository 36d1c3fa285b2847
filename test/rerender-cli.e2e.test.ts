import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipManifest } from '../src/cli/clip.ts';
import { runClipforge } from './helpers/cli.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';

// `clipforge rerender` on a `clip` output directory: the manifest keeps what it needs (the analysis beside it),
// the short is rendered again with new bounds and tightened pauses, its old files go and the manifest follows.

let dir: string;
let outDir: string;
const env = { CLIPFORGE_TRANSCRIBER: 'pocketsphinx' };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-rerender-cli-'));
  outDir = path.join(dir, 'out');
  const sample = await cachedSample(SHARED_SAMPLES.small40);
  const clipped = await runClipforge(
    [
      'clip',
      sample.videoPath,
      '--preferred-length',
      'under30sec',
      '--layout',
      'fill',
      '--out',
      outDir,
      '--json',
    ],
    { env },
  );
  expect(clipped.code, clipped.stderr).toBe(0);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const manifestPath = () => path.join(outDir, 'manifest.json');
const readManifest = async () => JSON.parse(await readFile(manifestPath(), 'utf8')) as ClipManifest;
const exists = (url: string) =>
  access(fileURLToPath(url)).then(
    () => true,
    () => false,
  );

describe('clipforge rerender on a clip output directory', () => {
  it('renders the first short again with an earlier start and tightened pauses, in place', async () => {
    const before = (await readManifest()).shorts[0];
    const start = Math.max(0, before.startTimestamp - 3);
    const result = await runClipforge(
      ['rerender', manifestPath(), '1', '--start', String(start), '--trim-pauses', '--json'],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as ClipManifest['shorts'][number];
    const after = (await readManifest()).shorts[0];
    expect(after).toEqual(printed);
    expect(after.id).toBe(before.id);
    expect(after.sha256).not.toBe(before.sha256);
    expect(after.startTimestamp).toBeLessThan(before.startTimestamp);
    expect(after.look).toEqual({ trimPauses: true });
    expect(await exists(after.video_url)).toBe(true);
    expect(await exists(before.video_url)).toBe(false);
  });

  it('refuses a start outside the window, naming it, and changes nothing', async () => {
    const before = await readManifest();
    const result = await runClipforge(['rerender', manifestPath(), '1', '--start', '99999'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Failed: start: must be inside/m);
    expect(await readManifest()).toEqual(before);
  });

  it('refuses an unknown short and no option with usage errors', async () => {
    expect((await runClipforge(['rerender', manifestPath(), '9', '--trim-pauses'], { env })).code).toBe(2);
    expect((await runClipforge(['rerender', manifestPath(), '1'], { env })).code).toBe(2);
  });
});
