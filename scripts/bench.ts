// npm run bench — the whole job on a generated 10-minute talk: per-stage wall time, realtime ratios, peak
// memory of the process tree, and the "ffmpeg floor" (ffmpeg alone rendering the same shorts with the same
// filters), the cost of `auto` framing analysis, of voice activity and the speed of a split-screen render. Usage: npm run bench -- [--duration 600] [--engine pocketsphinx]
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sampleTreeRss } from '../src/bench/process-tree-rss.ts';
import { loadConfig } from '../src/config.ts';
import { extractAudio } from '../src/media/audio.ts';
import { probeMedia } from '../src/media/probe.ts';
import { mediaTools } from '../src/media/tools.ts';
import { runProcess } from '../src/media/process.ts';
import { ensureBuiltinAssets } from '../src/assets/builtin.ts';
import { resolveAsset } from '../src/assets/library.ts';
import { createHumanFaceDetector } from '../src/engines/faces/human.ts';
import { findTemplate } from '../src/pipeline/captions/templates.ts';
import { planFraming } from '../src/pipeline/framing/plan.ts';
import type { FramingPlan } from '../src/pipeline/framing/types.ts';
import { outputSize, prepareRender, renderShort } from '../src/pipeline/render/index.ts';
import { wordsOfSpan } from '../src/pipeline/transcript-span.ts';
import { runClipJob } from '../src/pipeline/run.ts';
import { analyseVoice } from '../src/pipeline/structure/voice.ts';
import { DEFAULT_CLIP_OPTIONS, TRANSCRIBERS, type Transcriber } from '../src/domain/options.ts';
import type { WorkingStep } from '../src/domain/steps.ts';
import { generateSampleTalk } from '../src/sample/generate.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '600' },
    engine: { type: 'string', default: 'pocketsphinx' },
  },
});
const engine = values.engine as Transcriber;
if (!TRANSCRIBERS.includes(engine)) throw new Error(`--engine must be one of ${TRANSCRIBERS.join(', ')}`);
const config = loadConfig();
const log = {
  info: (m: string) => process.stderr.write(`${m}\n`),
  warn: (m: string) => process.stderr.write(`${m}\n`),
};
const signal = new AbortController().signal;

process.stderr.write(`Generating (or reusing) a ${values.duration}s 1080p sample talk...\n`);
const sample = await generateSampleTalk({
  durationSeconds: Number(values.duration),
  outDir: path.join(config.dataDir, 'bench'),
  name: `bench-talk-${values.duration}`,
});
const scratch = await mkdtemp(path.join(os.tmpdir(), 'clipforge-bench-'));
const outDir = path.join(scratch, 'out');
const layout = DEFAULT_CLIP_OPTIONS.layout;

const stepStarted = new Map<WorkingStep, number>();
const started = performance.now();
const rss = sampleTreeRss();
const result = await runClipJob(
  { source: sample.videoPath, options: { ...DEFAULT_CLIP_OPTIONS, transcriber: engine } },
  {
    workDir: path.join(scratch, 'work'),
    outDir,
    config,
    signal,
    log,
    onProgress: ({ step }) => {
      if (!stepStarted.has(step)) stepStarted.set(step, performance.now());
    },
  },
);
const finished = performance.now();
const peakRssBytes = await rss.stop();

const steps: WorkingStep[] = ['fetching_video', 'transcribing_audio', 'finding_highlights', 'finalizing'];
const stageSeconds = Object.fromEntries(
  steps.map((step, index) => {
    const from = stepStarted.get(step) ?? finished;
    const to = stepStarted.get(steps[index + 1]) ?? finished;
    return [step, (to - from) / 1000];
  }),
);

process.stderr.write('Timing ffmpeg alone on the same shorts...\n');
const tools = mediaTools(config);
const probe = await probeMedia(sample.videoPath, tools);
const sourceSize = { width: probe.video!.width, height: probe.video!.height };
let floorSeconds = 0;
let renderedSeconds = 0;
let analysisSeconds = 0;
const floorDir = path.join(scratch, 'floor');
await mkdir(floorDir, { recursive: true });
const template = findTemplate(DEFAULT_CLIP_OPTIONS.templateId)!;
const renderRequest = (short: (typeof result.shorts)[number], framing: FramingPlan, baseName: string) => ({
  videoPath: sample.videoPath,
  start: short.start,
  end: short.end,
  words: wordsOfSpan(result.transcript.words, short.start, short.end),
  template,
  layout,
  framing,
  sourceSize,
  outDir: floorDir,
  baseName,
  signal,
  tools,
  preset: config.x264Preset,
});
for (const short of result.shorts) {
  const analysisStarted = performance.now();
  const framing = await planFraming({
    videoPath: sample.videoPath,
    start: short.start,
    end: short.end,
    layout,
    sourceSize,
    outputSize: outputSize(layout),
    detector: createHumanFaceDetector,
    signal,
    tools,
  });
  analysisSeconds += (performance.now() - analysisStarted) / 1000;
  const { args } = await prepareRender(renderRequest(short, framing, 'floor'));
  const t0 = performance.now();
  await runProcess(tools.ffmpeg, args, { cwd: floorDir });
  floorSeconds += (performance.now() - t0) / 1000;
  renderedSeconds += short.duration;
}

process.stderr.write('Timing voice activity on the whole talk...\n');
const benchWav = path.join(scratch, 'talk.wav');
await extractAudio(sample.videoPath, 0, sample.truth.duration, benchWav, tools, { signal });
const voice = await analyseVoice(benchWav, signal);

process.stderr.write('Timing a split-screen short (gameplay below)...\n');
const assets = path.join(config.dataDir, 'assets');
await ensureBuiltinAssets(assets, tools);
const gameplay = await resolveAsset(assets, 'game-videos', tools, 'Neon Dodge');
const splitShort = result.shorts[0];
const splitStarted = performance.now();
const splitOutput = await renderShort({
  ...renderRequest(splitShort, { kind: 'fill' }, 'split-screen'),
  overlays: { gameVideo: { path: gameplay.path } },
});
const splitSeconds = (performance.now() - splitStarted) / 1000;
await rm(scratch, { recursive: true, force: true });

const jobSeconds = (finished - started) / 1000;
const talkSeconds = sample.truth.duration;
const report = {
  talkSeconds,
  engine,
  x264Preset: config.x264Preset,
  shorts: result.shorts.length,
  renderedSeconds: Math.round(renderedSeconds * 10) / 10,
  jobSeconds: Math.round(jobSeconds * 10) / 10,
  jobRealtimeRatio: Math.round((jobSeconds / talkSeconds) * 1000) / 1000,
  stageSeconds: Object.fromEntries(
    Object.entries(stageSeconds).map(([k, v]) => [k, Math.round(v * 10) / 10]),
  ),
  transcriptionRealtimeRatio: Math.round((stageSeconds.transcribing_audio / talkSeconds) * 1000) / 1000,
  renderRealtimeSpeed: Math.round((renderedSeconds / stageSeconds.finalizing) * 100) / 100,
  ffmpegFloorSeconds: Math.round(floorSeconds * 10) / 10,
  jobOverFloor: Math.round((jobSeconds / floorSeconds) * 100) / 100,
  peakRssMB: Math.round(peakRssBytes / 1024 / 1024),
  framingAnalysisSeconds: Math.round(analysisSeconds * 10) / 10,
  framingAnalysisRatio: Math.round((analysisSeconds / renderedSeconds) * 1000) / 1000,
  vadSeconds: voice.seconds,
  vadRealtimeRatio: Math.round((voice.seconds / sample.truth.duration) * 10000) / 10000,
  vadCpuRealtimeRatio: Math.round((voice.cpuSeconds / sample.truth.duration) * 10000) / 10000,
  splitScreenSeconds: Math.round(splitSeconds * 10) / 10,
  splitScreenRealtimeSpeed: Math.round((splitOutput.duration / splitSeconds) * 100) / 100,
  targets: {
    jobSeconds: 150,
    jobRealtimeRatio: 0.25,
    jobOverFloor: 2.0,
    peakRssMB: 1536,
    framingAnalysisRatio: 0.15,
    vadRealtimeRatio: 0.02,
    splitScreenRealtimeSpeed: 1.5,
  },
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n`);
const rows: [string, string, string][] = [
  ['whole job', `${report.jobSeconds} s (${report.jobRealtimeRatio}× realtime)`, '≤ 150 s, ≤ 0.25×'],
  ...steps.map((step) => [`  ${step}`, `${report.stageSeconds[step]} s`, ''] as [string, string, string]),
  [
    'ffmpeg floor',
    `${report.ffmpegFloorSeconds} s for ${report.shorts} shorts (${report.renderedSeconds} s)`,
    '',
  ],
  ['job ÷ floor', String(report.jobOverFloor), '≤ 2.0'],
  ['peak RSS (tree)', `${report.peakRssMB} MB`, '≤ 1536 MB'],
  [
    'framing analysis',
    `${report.framingAnalysisSeconds} s (${report.framingAnalysisRatio}× the segments)`,
    '≤ 0.15×',
  ],
  [
    'voice activity',
    `${report.vadSeconds} s (${report.vadRealtimeRatio}× realtime, CPU ${report.vadCpuRealtimeRatio}×)`,
    '≤ 0.02×',
  ],
  [
    'split-screen render',
    `${report.splitScreenSeconds} s (${report.splitScreenRealtimeSpeed}× realtime)`,
    '≥ 1.5×',
  ],
];
for (const [name, value, target] of rows)
  process.stdout.write(`${name.padEnd(22)}${value.padEnd(44)}${target}\n`);
