import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_RUNTIME_NOTE, nativeRuntimeMissing } from '../../../test/helpers/native-onnx.ts';
import { runProcess } from '../../media/process.ts';
import { wavFromPcm } from '../../sample/speech.ts';
import { mixBed } from '../../sample/background.ts';
import { readWavSamples } from '../../media/wav.ts';
import { CancelledError } from '../../domain/errors.ts';
import { adaptiveHysteresis, pausesBetween, speechRegionsFrom } from './regions.ts';
import { detectVoiceActivity, readVadSamples, speechRegionsOfFile } from './index.ts';
import { SileroVad, sileroModelPath } from './silero.ts';

describe('speech regions from probabilities', () => {
  it('splits a bimodal histogram between its groups, and follows a lifted floor', () => {
    const clean = [...Array(60).fill(0.02), ...Array(40).fill(0.97)];
    const lifted = [...Array(60).fill(0.45), ...Array(40).fill(0.98)];
    expect(adaptiveHysteresis(clean).enter).toBeGreaterThanOrEqual(0.35);
    expect(adaptiveHysteresis(clean).enter).toBeLessThan(0.6);
    const noisy = adaptiveHysteresis(lifted);
    expect(noisy.enter).toBeGreaterThan(0.45);
    expect(noisy.exit).toBeCloseTo(noisy.enter - 0.15);
    expect(adaptiveHysteresis([])).toEqual({ enter: 0.5, exit: 0.35 });
  });

  it('opens at the enter threshold, closes under the exit one, drops blips and bridges dips', () => {
    const frame = 0.1;
    // speech 1–2 s with a one-frame dip, a one-frame blip at 3 s, speech 4–5 s
    const p = Array.from({ length: 60 }, (_, i) => {
      const t = i * frame;
      if (Math.abs(t - 1.5) < 0.01) return 0.2;
      if (Math.abs(t - 3) < 0.01) return 0.9;
      return (t >= 1 && t < 2) || (t >= 4 && t < 5) ? 0.9 : 0.05;
    });
    const regions = speechRegionsFrom(
      p,
      frame,
      { enter: 0.5, exit: 0.35 },
      { minSpeechSeconds: 0.15, minPauseSeconds: 0.15 },
    );
    expect(regions).toEqual([
      { start: 1, end: 2 },
      { start: 4, end: 5 },
    ]);
    expect(pausesBetween(regions)).toEqual([{ start: 2, end: 4, duration: 2 }]);
    // hysteresis: 0.4 keeps open speech open but opens nothing
    expect(
      speechRegionsFrom(
        [0.4, 0.9, 0.4, 0.4, 0.1, 0.4],
        1,
        { enter: 0.5, exit: 0.35 },
        { minSpeechSeconds: 0, minPauseSeconds: 0 },
      ),
    ).toEqual([{ start: 1, end: 4 }]);
  });
});

describe('Silero VAD v5 on real speech', () => {
  let dir: string;
  let wav: string;
  let noisyWav: string;
  // espeak-ng says two phrases with a second of silence between them: speech ≈ 0.5–2.x s and 3.x–5.x s
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-vad-'));
    const parts: string[] = [];
    for (const [index, text] of [
      'The printing press changed the world.',
      'Ideas could reach everyone.',
    ].entries()) {
      const file = path.join(dir, `p${index}.wav`);
      await runProcess('espeak-ng', ['-v', 'en-us', '-w', file, '--', text]);
      parts.push(file);
    }
    wav = path.join(dir, 'speech.wav');
    await runProcess('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-t',
      '0.5',
      '-i',
      'anullsrc=r=22050:cl=mono',
      '-i',
      parts[0],
      '-f',
      'lavfi',
      '-t',
      '1',
      '-i',
      'anullsrc=r=22050:cl=mono',
      '-i',
      parts[1],
      '-f',
      'lavfi',
      '-t',
      '0.5',
      '-i',
      'anullsrc=r=22050:cl=mono',
      '-filter_complex',
      '[0][1][2][3][4]concat=n=5:v=0:a=1',
      '-ar',
      '16000',
      '-ac',
      '1',
      '-c:a',
      'pcm_s16le',
      wav,
    ]);
    const { samples, sampleRate } = await readWavSamples(wav);
    noisyWav = path.join(dir, 'noisy.wav');
    await writeFile(
      noisyWav,
      wavFromPcm(mixBed(samples, sampleRate, { musicDb: 16, roomDb: 21 }, 7), sampleRate),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('ships its weights in assets/, with their licence', async () => {
    expect(sileroModelPath()).toMatch(/assets[/\\]silero-vad[/\\]silero_vad_v5\.onnx$/);
    expect((await stat(sileroModelPath())).size).toBeGreaterThan(2_000_000);
    expect(await readFile(path.join(path.dirname(sileroModelPath()), 'LICENSE'), 'utf8')).toMatch(
      /Silero Team/,
    );
  });

  it('finds the two phrases and the pause between them, clean and over a music bed', async () => {
    for (const file of [wav, noisyWav]) {
      const activity = await detectVoiceActivity(await readVadSamples(file));
      const long = activity.pauses.filter((pause) => pause.duration > 0.6);
      expect(long).toHaveLength(1);
      const edges = activity.regions.map((r) => [r.start, r.end]).flat();
      expect(edges[0]).toBeGreaterThan(0.35);
      expect(edges[0]).toBeLessThan(0.75);
      expect(long[0].duration).toBeGreaterThan(0.7);
      expect(long[0].duration).toBeLessThan(1.3);
      expect(activity.duration).toBeGreaterThan(4);
    }
  });

  it('gives the regions of a file for chunked recognition, and refuses other sample rates', async () => {
    const regions = await speechRegionsOfFile(wav);
    expect(regions.length).toBeGreaterThanOrEqual(2);
    for (const region of regions) expect(region.end).toBeGreaterThan(region.start);
    const other = path.join(dir, 'other.wav');
    await runProcess('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-ar', '8000', other]);
    await expect(speechRegionsOfFile(other)).rejects.toThrow(/16 kHz/);
  });

  it.skipIf(nativeRuntimeMissing)(
    `gives the same probabilities on onnxruntime-node as on WebAssembly${NATIVE_RUNTIME_NOTE}`,
    async () => {
      const [wasm, native] = [
        await SileroVad.load(undefined, 'wasm'),
        await SileroVad.load(undefined, 'native'),
      ];
      try {
        for (const file of [wav, noisyWav]) {
          const samples = await readVadSamples(file);
          const [onWasm, onNative] = [await wasm.probabilities(samples), await native.probabilities(samples)];
          expect(onNative).toHaveLength(onWasm.length);
          const differences = [...onWasm].map((p, i) => Math.abs(p - onNative[i]));
          // measured 8.3e-7 at most: the bound leaves a hundredfold margin
          expect(Math.max(...differences)).toBeLessThan(1e-4);
        }
      } finally {
        await Promise.all([wasm.close(), native.close()]);
      }
    },
  );

  it('stops when cancelled', async () => {
    const model = await SileroVad.load();
    const controller = new AbortController();
    controller.abort();
    await expect(model.probabilities(new Float32Array(16000 * 30), controller.signal)).rejects.toBeInstanceOf(
      CancelledError,
    );
    await model.close();
  });

  it('names the file when the model cannot be loaded', async () => {
    await expect(SileroVad.load(path.join(dir, 'missing.onnx'))).rejects.toThrow(/missing\.onnx/);
  });
});
