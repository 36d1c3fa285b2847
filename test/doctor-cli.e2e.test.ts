import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClipforge } from './helpers/cli.ts';

// `clipforge doctor` as a user runs it, on this machine and with tools taken away.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-doctor-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('clipforge doctor', () => {
  it('exits 1 and says what to install when ffmpeg is missing', async () => {
    const result = await runClipforge(['doctor', '--data-dir', path.join(dir, 'data')], {
      env: { CLIPFORGE_FFMPEG_PATH: '/nonexistent' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^FAIL {2}ffmpeg — not found at "\/nonexistent"\n {6}fix: apt-get install ffmpeg/m,
    );
    expect(result.stdout).toMatch(/^ok {4}storage: local/m);
  });

  it('reports an invalid setting as a failed check instead of crashing', async () => {
    const result = await runClipforge(['doctor'], { env: { CLIPFORGE_WORKERS: 'lots' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}configuration — Invalid setting CLIPFORGE_WORKERS: /m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints the checks as JSON, exiting 0 on this machine', async () => {
    const result = await runClipforge(['doctor', '--json', '--data-dir', path.join(dir, 'data')]);
    expect(result.code, result.stdout).toBe(0);
    const report = JSON.parse(result.stdout) as { checks: { name: string; ok: boolean }[] };
    expect(report.checks.find((check) => check.name.startsWith('ffmpeg'))?.ok).toBe(true);
  });
});
