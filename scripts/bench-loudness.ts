// npm run bench:loudness — the CPU seconds (this process and its ffmpeg children) of a job's loudness work for ten
// shorts of the bench's generated 10-minute talk, each about 45 s, cut on sentence edges: the talk's loudness curve
// once, then the limiter's passes for the shorts whose peaks need them. CPU time, unlike the wall clock, barely moves
// with the other work on a shared machine; the load is printed beside it.
// --render also renders the ten shorts (centre framing, the thumbnail written by the same run), each measured by
// ebur128 on the finished file. --source takes the sound and picture from another file on the talk's clock (the talk
// processed some way).
// Usage: npm run bench:loudness -- [--duration 600] [--render] [--source file.mp4]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSecondsWithChildren } from '../src/bench/cpu-time.ts';
import { loadConfig } from '../src/config.ts';
import { measureLoudness } from '../src/media/loudness.ts';
import { measureLoudnessCurve } from '../src/media/loudness-curve.ts';
import { mediaTools } from '../src/media/tools.ts';
import { runProcess } from '../src/media/process.ts';
import { findTemplate } from '../src/pipeline/captions/templates.ts';
import {
  prepareRender,
  renderPlan,
  shortSound,
  type ShortSound,
  type RenderRequest,
} from '../src/pipeline/render/index.ts';
import { DEFAULT_CLIP_OPTIONS } from '../src/domain/options.ts';
import { generateSampleTalk } from '../src/sample/generate.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '600' },
    render: { type: 'boolean', default: false },
    source: { type: 'string' },
  },
});
const config = loadConfig();
const tools = mediaTools(config);
const signal = new AbortController().signal;
const talkSeconds = Number(values.duration);
const sample = await generateSampleTalk({
  tools,
  durationSeconds: talkSeconds,
  outDir: path.join(config.dataDir, 'bench'),
  name: `bench-talk-${talkSeconds}`,
});

/** Ten spans of whole sentences, each at least 40 s. */
function spans(): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  let start: number | undefined;
  for (const sentence of sample.truth.sentences) {
    start ??= sentence.start;
    if (sentence.end - start >= 40) {
      found.push({ start, end: sentence.end });
      start = undefined;
    }
    if (found.length === 10) break;
  }
  return found;
}

const outDir = await mkdtemp(path.join(os.tmpdir(), 'clipforge-bench-loudness-'));
const request = (span: { start: number; end: number }, rank: number): RenderRequest => ({
  videoPath: values.source ?? sample.videoPath,
  ...span,
  words: [],
  template: findTemplate(DEFAULT_CLIP_OPTIONS.templateId)!,
  layout: 'fill',
  framing: { kind: 'fill' },
  sourceSize: { width: sample.truth.width, height: sample.truth.height },
  outDir,
  baseName: `short-${rank + 1}`,
  signal,
  tools,
  preset: config.x264Preset,
});

const load = () => os.loadavg()[0].toFixed(2);
async function cpuOf<T>(work: () => Promise<T>): Promise<{ value: T; cpuSeconds: number; load: string }> {
  const before = cpuSecondsWithChildren();
  const value = await work();
  return { value, cpuSeconds: cpuSecondsWithChildren() - before, load: load() };
}

const requests = spans().map(request);
const shortSeconds = requests.reduce((sum, r) => sum + r.end - r.start, 0);
process.stdout.write(`${requests.length} shorts, ${shortSeconds.toFixed(1)} s in all; load ${load()}\n`);

const loudness = await cpuOf(async () => {
  const videoPath = values.source ?? sample.videoPath;
  const sourceLoudness = await measureLoudnessCurve(
    videoPath,
    { start: 0, end: sample.truth.duration },
    tools,
  );
  const sounds: ShortSound[] = [];
  for (const req of requests) sounds.push(await shortSound({ ...req, sourceLoudness }));
  return sounds;
});
process.stdout.write(`loudness work: ${loudness.cpuSeconds.toFixed(1)} CPU s (load ${loudness.load})\n`);
const fromCurve = loudness.value.filter((sound) => !('finishedMix' in sound)).length;
process.stdout.write(`  ${fromCurve} of ${requests.length} shorts took their gain from the curve\n`);

if (values.render) {
  const renders = await cpuOf(async () => {
    for (const [rank, req] of requests.entries()) {
      const { args } = await prepareRender(req, renderPlan(req, loudness.value[rank]));
      await runProcess(tools.ffmpeg, args, { cwd: outDir });
    }
  });
  process.stdout.write(
    `renders with their thumbnails: ${renders.cpuSeconds.toFixed(1)} CPU s (load ${renders.load})\n`,
  );
  for (const [rank, req] of requests.entries()) {
    const measured = await measureLoudness(renderPlan(req).files.videoPath, tools);
    process.stdout.write(
      `short ${rank + 1}: ${measured.integrated.toFixed(1)} LUFS, true peak ${measured.truePeak.toFixed(1)} dBTP\n`,
    );
  }
}
await rm(outDir, { recursive: true, force: true });
