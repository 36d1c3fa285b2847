import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';
import {
  limitMix,
  LOUDNESS_TARGET,
  LOUDNESS_TOLERANCE_LU,
  loudnessGain,
  measureLoudness,
} from './loudness.ts';
import { runProcess } from './process.ts';
import { mixPassArgs } from './render-args.ts';

// The limiter's passes on a sound whose peaks no plain gain can bring to −14 LUFS: a tone that starts at
// 1 s, with a loud click every half second. The finished sound lands on the target, its true peak under the
// limit, and starts where the source starts (the limiter's look-ahead would otherwise delay it by 5 ms).

const RATE = 48000;
const ONSET_SECONDS = 1;

/** The left channel of a 32-bit float WAV file. */
async function leftChannel(file: string): Promise<Float32Array> {
  const bytes = await readFile(file);
  const data = bytes.indexOf('data', 12, 'latin1');
  const length = bytes.readUInt32LE(data + 4);
  const samples = new Float32Array(
    bytes.buffer.slice(bytes.byteOffset + data + 8, bytes.byteOffset + data + 8 + length),
  );
  return samples.filter((_, i) => i % 2 === 0);
}

let dir: string;
let source: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-limit-'));
  source = path.join(dir, 'clicks.wav');
  const sound = `if(gte(t,${ONSET_SECONDS}),0.1*sin(2*PI*440*t)+if(lt(mod(t,0.5),0.0005),0.9,0),0)`;
  await runProcess(TEST_TOOLS.ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
    ...['-i', `aevalsrc='${sound}':s=${RATE}:d=4`, '-ac', '2', source],
  ]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('limiting a mix to its loudness', () => {
  it('lands on −14 LUFS under the peak limit, in step with its source', async () => {
    const measured = await measureLoudness(source, TEST_TOOLS);
    const gain = loudnessGain(measured);
    if (!('limitFromDb' in gain)) throw new Error('the clicks should need the limiter');
    const output = path.join(dir, 'limited.wav');
    await limitMix(
      (filter, to) => mixPassArgs({ input: source, start: 0, end: 4 }, filter, to),
      gain.limitFromDb,
      output,
      TEST_TOOLS,
    );
    const finished = await measureLoudness(output, TEST_TOOLS);
    expect(Math.abs(finished.integrated - LOUDNESS_TARGET.integrated)).toBeLessThanOrEqual(
      LOUDNESS_TOLERANCE_LU,
    );
    expect(finished.truePeak).toBeLessThanOrEqual(LOUDNESS_TARGET.truePeak - 0.5);
    const left = await leftChannel(output);
    expect(left.length / RATE).toBeCloseTo(4, 2);
    const onset = left.findIndex((sample) => Math.abs(sample) > 0.05) / RATE;
    expect(Math.abs(onset - ONSET_SECONDS)).toBeLessThan(0.001);
  });
});
