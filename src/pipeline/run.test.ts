import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { DEFAULT_CLIP_OPTIONS } from '../domain/options.ts';
import { POCKETSPHINX_MODEL_DIR } from '../engines/transcription/pocketsphinx.ts';
import { probeMedia } from '../media/probe.ts';
import { CONTENT_SENTENCES, CUE_SENTENCES, spokenTalk, talk } from '../../test/helpers/cue-speech.ts';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';
import { Checkpoints } from './checkpoints.ts';
import type { IngestResult } from './ingest/index.ts';
import { hearWindow, type ClipJobContext } from './run.ts';

const hasPocketsphinx = existsSync(`${POCKETSPHINX_MODEL_DIR}/cmudict-en-us.dict`);

describe.skipIf(!hasPocketsphinx)('the transcribing step alone (hearWindow)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-hear-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'hears the voice, the words and the spoken cues of the window, and nothing the job runs beside it',
    { timeout: 120_000 },
    async () => {
      const read = CUE_SENTENCES.filter(({ text }) => /^(This video is sponsored|Use code river)/.test(text));
      const { wavPath, timed } = await spokenTalk(talk(read, CONTENT_SENTENCES.slice(0, 6)));
      const probe = await probeMedia(wavPath, TEST_TOOLS);
      const source: IngestResult = {
        videoPath: wavPath,
        windowStart: 0,
        windowEnd: probe.duration,
        sourceDuration: probe.duration,
        title: 'spoken talk',
        probe,
        heatmap: [],
      };
      const workDir = path.join(dir, 'work');
      const ctx: ClipJobContext = {
        workDir,
        outDir: path.join(dir, 'out'),
        config: loadConfig({ dataDir: path.join(dir, 'data') }, {}),
        signal: new AbortController().signal,
        onProgress: () => undefined,
        log: { info: () => undefined, warn: () => undefined },
      };
      const input = {
        source: wavPath,
        options: { ...DEFAULT_CLIP_OPTIONS, transcriber: 'pocketsphinx' as const },
      };

      const heard = await hearWindow(input, source, ctx, new Checkpoints(workDir, ctx.signal));

      expect(heard.transcript.engine).toBe('pocketsphinx');
      expect(heard.transcript.words.length).toBeGreaterThan(20);
      expect(heard.voice.activity.regions.length).toBeGreaterThan(0);
      const sponsorRead = timed.filter(({ cues }) => cues.length > 0);
      expect(
        heard.spokenCues?.some(
          (cue) =>
            cue.kind === 'sponsor' &&
            cue.start >= sponsorRead[0].start - 0.5 &&
            cue.end <= sponsorRead.at(-1)!.end + 0.5,
        ),
      ).toBe(true);
      // the step's own stages are kept, and none of the work the job runs beside it
      const kept = (await readdir(workDir)).filter((name) => name.startsWith('stage-')).sort();
      expect(kept).toEqual([
        'stage-audio.json',
        'stage-cues.json',
        'stage-transcript.json',
        'stage-voice.json',
      ]);
    },
  );
});
