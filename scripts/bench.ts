// npm run bench — the whole job on a generated 10-minute talk: per-stage wall and CPU time, realtime ratios, peak
// memory of the process tree, the job's transcribing step done alone (without the work the job runs beside it), and
// the "ffmpeg floor" (ffmpeg alone making the job's outputs: the window's loudness curve once, the limiter's passes
// over a short only where the curve cannot set its gain (the last writing the finished sound), the render with the
// same filters and loudness writing the thumbnail too; each pass timed), the cost of `auto` framing analysis (also
// on the talk coded as a download is, with B-frames), of voice activity, the speed of a split-screen render, a
// re-render of the best short with its start moved (issue 21) against rendering that short alone, and pause trimming
// on a generated talk with 1.5 s pauses (how much shorter; captions and joins against the talk's truth). With a
// baseline file (--save-baseline writes one) the previous result is printed beside this one. A fixed encode's CPU
// seconds before the job, after it and at the end show how fast the (shared) machine was meanwhile.
// --rerender-only measures the re-render and the pause trimming alone, after a job that makes one short of under
// 30 s from a shorter talk (180 s unless --duration says otherwise).
// Usage: npm run bench -- [--duration 600] [--engine pocketsphinx] [--baseline bench-baseline.json] [--save-baseline]
//                         [--rerender-only]
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSecondsWithChildren } from '../src/bench/cpu-time.ts';
import { sampleTreeRss } from '../src/bench/process-tree-rss.ts';
import { loadConfig } from '../src/config.ts';
import { extractAudio } from '../src/media/audio.ts';
import { calibrationArgs } from '../src/media/calibration-args.ts';
import { probeMedia } from '../src/media/probe.ts';
import { downloadLikeArgs } from '../src/media/sample-args.ts';
import { mediaTools } from '../src/media/tools.ts';
import { runProcess } from '../src/media/process.ts';
import { ensureBuiltinAssets } from '../src/assets/builtin.ts';
import { resolveAsset } from '../src/assets/library.ts';
import { createHumanFaceDetector } from '../src/engines/faces/human.ts';
import { findTemplate } from '../src/pipeline/captions/templates.ts';
import { planFraming } from '../src/pipeline/framing/plan.ts';
import type { FramingPlan } from '../src/pipeline/framing/types.ts';
import { measureLoudnessCurve } from '../src/media/loudness-curve.ts';
import { mapInLanes, renderLanes, renderThreads } from '../src/pipeline/lanes.ts';
import {
  outputSize,
  prepareRender,
  renderPlan,
  renderShort,
  shortSound,
} from '../src/pipeline/render/index.ts';
import { wordsOfSpan } from '../src/pipeline/transcript-span.ts';
import { snapToWords } from '../src/pipeline/cut-snap.ts';
import { rerenderShort } from '../src/pipeline/rerender.ts';
import { Checkpoints } from '../src/pipeline/checkpoints.ts';
import type { IngestResult } from '../src/pipeline/ingest/index.ts';
import { hearWindow, runClipJob, type ClipJobContext, type ClipJobInput } from '../src/pipeline/run.ts';
import { analyseVoice } from '../src/pipeline/structure/voice.ts';
import { tightenTalk } from '../src/eval/tighten-talk.ts';
import { DEFAULT_CLIP_OPTIONS, TRANSCRIBERS, type Transcriber } from '../src/domain/options.ts';
import type { WorkingStep } from '../src/domain/steps.ts';
import { generateSampleTalk } from '../src/sample/generate.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    engine: { type: 'string', default: 'pocketsphinx' },
    /** a previous result to print beside this one (written by --save-baseline) */
    baseline: { type: 'string', default: 'bench-baseline.json' },
    'save-baseline': { type: 'boolean', default: false },
    'rerender-only': { type: 'boolean', default: false },
  },
});
const rerenderOnly = values['rerender-only'];
if (rerenderOnly && values['save-baseline'])
  throw new Error('--save-baseline keeps a whole run, not --rerender-only');
const talkDuration = Number(values.duration ?? (rerenderOnly ? 180 : 600));
const engine = values.engine as Transcriber;
if (!TRANSCRIBERS.includes(engine)) throw new Error(`--engine must be one of ${TRANSCRIBERS.join(', ')}`);
const config = loadConfig();
const log = {
  info: (m: string) => process.stderr.write(`${m}\n`),
  warn: (m: string) => process.stderr.write(`${m}\n`),
};
const signal = new AbortController().signal;

process.stderr.write(`Generating (or reusing) a ${talkDuration}s 1080p sample talk...\n`);
const sample = await generateSampleTalk({
  tools: mediaTools(config),
  durationSeconds: talkDuration,
  outDir: path.join(config.dataDir, 'bench'),
  name: `bench-talk-${talkDuration}`,
});
const scratch = await mkdtemp(path.join(os.tmpdir(), 'clipforge-bench-'));
// the machine's speed before the job, after it and at the end: a figure that moves with them is the machine's
const calibration = { start: await machineSpeed(), afterJob: 0, end: 0 };
const outDir = path.join(scratch, 'out');
const layout = DEFAULT_CLIP_OPTIONS.layout;

/** when each step started: wall milliseconds and CPU seconds (a child's CPU counts in the step it ends in) */
const stepStarted = new Map<WorkingStep, { wall: number; cpu: number }>();
const started = performance.now();
const cpuBefore = cpuSecondsWithChildren();
const rss = sampleTreeRss();
const jobInput: ClipJobInput = {
  source: sample.videoPath,
  options: {
    ...DEFAULT_CLIP_OPTIONS,
    transcriber: engine,
    ...(rerenderOnly && { preferredLength: 'under30sec' as const }),
  },
  maxShorts: rerenderOnly ? 1 : undefined,
};
const jobContext: ClipJobContext = {
  workDir: path.join(scratch, 'work'),
  outDir,
  config,
  signal,
  log,
  onProgress: ({ step }) => {
    if (!stepStarted.has(step))
      stepStarted.set(step, { wall: performance.now(), cpu: cpuSecondsWithChildren() });
  },
};
const result = await runClipJob(jobInput, jobContext);
const finished = { wall: performance.now(), cpu: cpuSecondsWithChildren() };
const jobCpuSeconds = finished.cpu - cpuBefore;
const peakRssBytes = await rss.stop();
calibration.afterJob = await machineSpeed();

const steps: WorkingStep[] = ['fetching_video', 'transcribing_audio', 'finding_highlights', 'finalizing'];
/** Each step's share of the job: what `measure` (wall or CPU) grew by from its start to the next step's. */
const perStage = (measure: (at: { wall: number; cpu: number }) => number) =>
  Object.fromEntries(
    steps.map((step, index) => {
      const from = stepStarted.get(step) ?? finished;
      const to = stepStarted.get(steps[index + 1]) ?? finished;
      return [step, measure(to) - measure(from)];
    }),
  );
const stageSeconds = perStage((at) => at.wall / 1000);
const stageCpuSeconds = perStage((at) => at.cpu);

const tools = mediaTools(config);
const probe = await probeMedia(sample.videoPath, tools);
const sourceSize = { width: probe.video!.width, height: probe.video!.height };
const floorDir = path.join(scratch, 'floor');
await mkdir(floorDir, { recursive: true });
const template = findTemplate(DEFAULT_CLIP_OPTIONS.templateId)!;
type Short = (typeof result.shorts)[number];
const renderRequest = (short: Pick<Short, 'start' | 'end'>, framing: FramingPlan, baseName: string) => ({
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
// only the bounds of a span: a short also carries its rendered file's videoPath, which is not the source
const framingOf = ({ start, end }: { start: number; end: number }, videoPath = sample.videoPath) =>
  planFraming({
    videoPath,
    start,
    end,
    layout,
    sourceSize,
    outputSize: outputSize(layout),
    detector: createHumanFaceDetector,
    signal,
    tools,
  });

/**
 * The generated talk coded as a download is (H.264 High with B-frames, which the generator's fast encode has none
 * of): made once, kept beside the talk.
 */
async function downloadLikeCopy(): Promise<string> {
  const copy = sample.videoPath.replace(/\.mp4$/, '.download-like.mp4');
  if (existsSync(copy)) return copy;
  process.stderr.write('Coding the talk as a download is (once)...\n');
  const partial = `${copy}.partial.mp4`;
  await runProcess(tools.ffmpeg, downloadLikeArgs(sample.videoPath, partial));
  await rename(partial, copy);
  return copy;
}

/**
 * The job's transcribing step alone (its audio, voice activity, transcript and spoken cues), in a work folder of
 * its own: in the job, the assets and the loudness curve run beside it, and the floor has the curve too.
 */
async function transcriptionAlone() {
  process.stderr.write('Timing the transcription alone...\n');
  const source = await new Checkpoints(jobContext.workDir, signal).read<IngestResult>('ingest');
  if (!source) throw new Error("the job's ingest checkpoint is missing");
  const workDir = path.join(scratch, 'transcription-alone');
  const { seconds, cpuSeconds } = await clocked(() =>
    hearWindow(jobInput, source, { ...jobContext, workDir }, new Checkpoints(workDir, signal)),
  );
  return { seconds, cpuSeconds };
}

/** Framing analysis of every short's span of `videoPath`, one after another: wall and CPU seconds. */
async function analysisOfShorts(videoPath?: string) {
  const framings: FramingPlan[] = [];
  const { seconds, cpuSeconds } = await clocked(async () => {
    for (const short of result.shorts) framings.push(await framingOf(short, videoPath));
  });
  return { framings, seconds, cpuSeconds };
}

/** The job's parts done alone: framing analysis, ffmpeg making the outputs, voice activity, a split-screen render. */
async function jobParts() {
  const transcription = await transcriptionAlone();
  process.stderr.write('Timing framing analysis, then ffmpeg alone making the same outputs...\n');
  const analysis = await analysisOfShorts();
  const framings = analysis.framings;
  const downloadLike = await downloadLikeCopy();
  process.stderr.write('Timing framing analysis of the talk coded as a download is...\n');
  const downloadLikeAnalysis = await analysisOfShorts(downloadLike);
  // the floor: ffmpeg alone making exactly the job's outputs (the window's loudness curve once; the limiter's
  // passes over a short only where its peaks need them, the last writing its finished sound; the render applying the
  // curve's gain or encoding that sound, and writing the thumbnail), the renders in the job's lanes; each pass's
  // seconds summed over shorts
  const passSeconds = { loudnessCurve: 0, loudnessPasses: 0, render: 0 };
  const timed = async <T>(pass: keyof typeof passSeconds, work: () => Promise<T>): Promise<T> => {
    const from = performance.now();
    const value = await work();
    passSeconds[pass] += (performance.now() - from) / 1000;
    return value;
  };
  const floorStarted = performance.now();
  const floorCpuBefore = cpuSecondsWithChildren();
  const sourceLoudness = await timed('loudnessCurve', () =>
    measureLoudnessCurve(sample.videoPath, { start: 0, end: sample.truth.duration }, tools),
  );
  await mapInLanes(result.shorts, renderLanes(config.concurrency), async (short, rank) => {
    const request = {
      ...renderRequest(short, framings[rank], `floor-${rank + 1}`),
      sourceLoudness,
      threads: renderThreads(Math.min(config.concurrency, result.shorts.length)),
    };
    const sound = await timed('loudnessPasses', () => shortSound(request));
    const { args } = await prepareRender(request, renderPlan(request, sound));
    await timed('render', () => runProcess(tools.ffmpeg, args, { cwd: floorDir }));
  });
  const floorSeconds = (performance.now() - floorStarted) / 1000;
  const floorCpuSeconds = cpuSecondsWithChildren() - floorCpuBefore;

  process.stderr.write('Timing voice activity on the whole talk...\n');
  const benchWav = path.join(scratch, 'talk.wav');
  await extractAudio(sample.videoPath, 0, sample.truth.duration, benchWav, tools, { signal });
  const voice = await analyseVoice(benchWav, signal);

  process.stderr.write('Timing a split-screen short (gameplay below)...\n');
  const assets = path.join(config.dataDir, 'assets');
  await ensureBuiltinAssets(assets, tools);
  const gameplay = await resolveAsset(assets, 'game-videos', tools, 'Neon Dodge');
  const splitStarted = performance.now();
  const splitOutput = await renderShort({
    ...renderRequest(result.shorts[0], { kind: 'fill' }, 'split-screen'),
    overlays: { gameVideo: { path: gameplay.path } },
  });
  const splitSeconds = (performance.now() - splitStarted) / 1000;
  return {
    transcription,
    analysis,
    downloadLikeAnalysis,
    passSeconds,
    floorSeconds,
    floorCpuSeconds,
    voice,
    splitSeconds,
    splitOutput,
  };
}

/** CPU seconds of a fixed encode (calibration-args.ts), run with nothing else of the bench beside it. */
async function machineSpeed(): Promise<number> {
  const { cpuSeconds } = await clocked(() => runProcess(config.ffmpegPath, calibrationArgs(4)));
  return cpuSeconds;
}

/** Wall and CPU seconds (this process and its children) of `work`. */
async function clocked<T>(
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const cpu = cpuSecondsWithChildren();
  const from = performance.now();
  const value = await work();
  return {
    value,
    seconds: (performance.now() - from) / 1000,
    cpuSeconds: cpuSecondsWithChildren() - cpu,
  };
}

/** A re-render of the best short with its start moved 3 s earlier, against rendering that short alone. */
async function rerenderParts() {
  process.stderr.write('Timing a re-render of the best short with its start moved 3 s earlier...\n');
  const best = result.shorts[0];
  const moved = snapToWords(result.transcript.words, { start: Math.max(0, best.start - 3), end: best.end })!;
  const loadBefore = os.loadavg()[0];
  const rerender = await clocked(() =>
    rerenderShort(
      {
        short: best,
        span: moved,
        options: { ...DEFAULT_CLIP_OPTIONS, transcriber: engine },
        captionEdits: {},
        sameAssets: true,
      },
      DEFAULT_CLIP_OPTIONS,
      { workDir: path.join(scratch, 'work'), outDir, config, log, signal, onProgress: () => undefined },
    ),
  );
  // the same short rendered alone, its framing planned beforehand (no analysis in the time)
  const movedFraming = await framingOf(moved);
  const alone = await clocked(() => renderShort(renderRequest(moved, movedFraming, 'moved-alone')));
  return { rerender, alone, load: (loadBefore + os.loadavg()[0]) / 2 };
}

/** Pause trimming on a generated talk that pauses 1.5 s wherever it pauses, measured against its truth. */
async function tightenParts() {
  process.stderr.write('Tightening a generated 40 s talk with 1.5 s pauses...\n');
  const talk = await generateSampleTalk({
    tools,
    durationSeconds: 40,
    width: 640,
    height: 360,
    background: 'music-and-room',
    pause: 1.5,
    outDir: path.join(config.dataDir, 'bench'),
    name: 'bench-talk-40-every-pause',
  });
  return tightenTalk(talk, { tools, signal, workDir: scratch });
}

const parts = rerenderOnly ? undefined : await jobParts();
const rerenders = await rerenderParts();
const tightened = await tightenParts();
calibration.end = await machineSpeed();
await rm(scratch, { recursive: true, force: true });

const jobSeconds = (finished.wall - started) / 1000;
const talkSeconds = sample.truth.duration;
const renderedSeconds = result.shorts.reduce((sum, short) => sum + short.duration, 0);
const r1 = (value: number) => Math.round(value * 10) / 10;
const r2 = (value: number) => Math.round(value * 100) / 100;
const r3 = (value: number) => Math.round(value * 1000) / 1000;
const report = {
  talkSeconds,
  engine,
  x264Preset: config.x264Preset,
  renderLanes: renderLanes(config.concurrency),
  shorts: result.shorts.length,
  renderedSeconds: r1(renderedSeconds),
  jobSeconds: r1(jobSeconds),
  jobRealtimeRatio: r3(jobSeconds / talkSeconds),
  stageSeconds: Object.fromEntries(Object.entries(stageSeconds).map(([k, v]) => [k, r1(v)])),
  stageCpuSeconds: Object.fromEntries(Object.entries(stageCpuSeconds).map(([k, v]) => [k, r1(v)])),
  /** the CPU seconds of the job (its threads and its children), and so the least it can take on this machine's cores */
  jobCpuSeconds: r1(jobCpuSeconds),
  cores: os.availableParallelism(),
  jobCpuBoundSeconds: r1(jobCpuSeconds / os.availableParallelism()),
  transcriptionRealtimeRatio: r3(stageSeconds.transcribing_audio / talkSeconds),
  renderRealtimeSpeed: r2(renderedSeconds / stageSeconds.finalizing),
  peakRssMB: Math.round(peakRssBytes / 1024 / 1024),
  /** CPU seconds of a fixed encode (machineSpeed) before the job, after it and at the end: the machine's speed */
  calibrationCpuSeconds: Object.fromEntries(Object.entries(calibration).map(([k, v]) => [k, r2(v)])),
  ...(parts && {
    ffmpegFloorSeconds: r1(parts.floorSeconds),
    /** CPU seconds of the floor's ffmpeg runs: the share of the job's CPU that ffmpeg alone needs */
    ffmpegFloorCpuSeconds: r1(parts.floorCpuSeconds),
    floorPassSeconds: Object.fromEntries(Object.entries(parts.passSeconds).map(([k, v]) => [k, r1(v)])),
    /** the job's transcribing step done alone, without the work the job runs beside it */
    transcriptionAloneSeconds: r1(parts.transcription.seconds),
    transcriptionAloneCpuSeconds: r1(parts.transcription.cpuSeconds),
    /** the job against its parts done alone: the transcription, then ffmpeg making the outputs */
    jobOverParts: r2(jobSeconds / (parts.transcription.seconds + parts.floorSeconds)),
    /** the same in CPU seconds: what the job spends beyond its parts, whatever else the machine runs meanwhile */
    jobCpuOverParts: r2(jobCpuSeconds / (parts.transcription.cpuSeconds + parts.floorCpuSeconds)),
    framingAnalysisSeconds: r1(parts.analysis.seconds),
    framingAnalysisCpuSeconds: r1(parts.analysis.cpuSeconds),
    framingAnalysisRatio: r3(parts.analysis.seconds / renderedSeconds),
    /** the same analysis of the talk coded as a download is (B-frames: only the frames others refer to are decoded) */
    downloadLikeAnalysisSeconds: r1(parts.downloadLikeAnalysis.seconds),
    downloadLikeAnalysisCpuSeconds: r1(parts.downloadLikeAnalysis.cpuSeconds),
    downloadLikeAnalysisRatio: r3(parts.downloadLikeAnalysis.seconds / renderedSeconds),
    vadSeconds: parts.voice.seconds,
    vadRealtimeRatio: Math.round((parts.voice.seconds / talkSeconds) * 10000) / 10000,
    vadCpuRealtimeRatio: Math.round((parts.voice.cpuSeconds / talkSeconds) * 10000) / 10000,
    splitScreenSeconds: r1(parts.splitSeconds),
    splitScreenRealtimeSpeed: r2(parts.splitOutput.duration / parts.splitSeconds),
  }),
  rerenderedShortSeconds: r1(rerenders.rerender.value.duration),
  rerenderSeconds: r1(rerenders.rerender.seconds),
  rerenderCpuSeconds: r1(rerenders.rerender.cpuSeconds),
  renderAloneSeconds: r1(rerenders.alone.seconds),
  renderAloneCpuSeconds: r1(rerenders.alone.cpuSeconds),
  /** the re-render (from the kept analysis, framing the new span) against rendering that short alone */
  rerenderOverRender: r2(rerenders.rerender.seconds / rerenders.alone.seconds),
  rerenderCpuOverRender: r2(rerenders.rerender.cpuSeconds / rerenders.alone.cpuSeconds),
  /** the 1-minute load average over the re-render section (2 cores: above 2, other work shared them) */
  rerenderLoadAverage: r1(rerenders.load),
  /** a talk's speech with its 1.5 s pauses tightened: how much shorter, its captions' and joins' worst */
  pauseTrimSpeechSeconds: r1(tightened.spanSeconds),
  pauseTrimClipSeconds: r1(tightened.clipSeconds),
  pauseTrimShorterBy: r3(1 - tightened.clipSeconds / tightened.spanSeconds),
  pauseTrimCaptionErrorMs: r1(Math.max(...tightened.captionErrorsMs)),
  pauseTrimJoinRiseDb: r1(Math.max(...tightened.joinRisesDb)),
  targets: {
    jobSeconds: 90,
    jobRealtimeRatio: 0.15,
    jobOverParts: 1.05,
    peakRssMB: 1024,
    framingAnalysisRatio: 0.05,
    vadRealtimeRatio: 0.02,
    splitScreenRealtimeSpeed: 1.5,
    rerenderSeconds: 15,
    rerenderOverRender: 1.2,
    pauseTrimShorterBy: 0.2,
    pauseTrimCaptionErrorMs: 50,
    pauseTrimJoinRiseDb: 1,
  },
};
type Report = typeof report;
process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n`);

// the previous result, when one was kept with --save-baseline, printed beside this one
const baselinePath = path.resolve(values['baseline']);
const baseline = await readFile(baselinePath, 'utf8').then(
  (text) => JSON.parse(text) as Partial<Report>,
  () => undefined,
);
type Row = [string, (r: Partial<Report>) => string, string];
/** This run's passes, then any other a baseline has (the thumbnail had a pass of its own before issue 20). */
const passNames = [
  ...new Set([
    ...Object.keys(report.floorPassSeconds ?? {}),
    ...Object.keys(baseline?.floorPassSeconds ?? {}),
  ]),
];
const machineRow: Row = [
  'machine: a fixed encode',
  (r) => {
    const c = r.calibrationCpuSeconds;
    return `${c?.start} / ${c?.afterJob} / ${c?.end} CPU s (before the job / after / at the end)`;
  },
  '',
];
const jobRows: Row[] = [
  ['whole job', (r) => `${r.jobSeconds} s (${r.jobRealtimeRatio}× realtime)`, '≤ 90 s, ≤ 0.15×'],
  ...steps.map((step): Row => [
    `  ${step}`,
    (r) =>
      `${r.stageSeconds?.[step]} s` +
      (r.stageCpuSeconds === undefined ? '' : `, ${r.stageCpuSeconds[step]} CPU s`),
    '',
  ]),
  [
    '  CPU (incl. children)',
    (r) => `${r.jobCpuSeconds} s: at least ${r.jobCpuBoundSeconds} s on ${r.cores} cores`,
    '',
  ],
  [
    'transcription alone',
    (r) => `${r.transcriptionAloneSeconds} s, ${r.transcriptionAloneCpuSeconds} CPU s`,
    '',
  ],
  [
    'ffmpeg floor',
    (r) =>
      `${r.ffmpegFloorSeconds} s for ${r.shorts} shorts (${r.renderedSeconds} s)` +
      (r.ffmpegFloorCpuSeconds === undefined ? '' : `, ${r.ffmpegFloorCpuSeconds} CPU s`),
    '',
  ],
  ...passNames.map((pass): Row => [
    `  ${pass}`,
    (r) => `${r.floorPassSeconds?.[pass]} s (summed over lanes)`,
    '',
  ]),
  ['job ÷ (transcription alone + floor)', (r) => String(r.jobOverParts), '≤ 1.05'],
  ['  in CPU seconds', (r) => String(r.jobCpuOverParts ?? '–'), ''],
  ['peak RSS (tree)', (r) => `${r.peakRssMB} MB`, '≤ 1024 MB'],
  [
    'framing analysis',
    (r) =>
      `${r.framingAnalysisSeconds} s (${r.framingAnalysisRatio}× the shorts)` +
      (r.framingAnalysisCpuSeconds === undefined ? '' : `, ${r.framingAnalysisCpuSeconds} CPU s`),
    '≤ 0.05×',
  ],
  [
    '  coded as a download is',
    (r) =>
      r.downloadLikeAnalysisSeconds === undefined
        ? '–'
        : `${r.downloadLikeAnalysisSeconds} s (${r.downloadLikeAnalysisRatio}× the shorts), ` +
          `${r.downloadLikeAnalysisCpuSeconds} CPU s`,
    '',
  ],
  [
    'voice activity',
    (r) => `${r.vadSeconds} s (${r.vadRealtimeRatio}× realtime, CPU ${r.vadCpuRealtimeRatio}×)`,
    '≤ 0.02×',
  ],
  [
    'split-screen render',
    (r) => `${r.splitScreenSeconds} s (${r.splitScreenRealtimeSpeed}× realtime)`,
    '≥ 1.5×',
  ],
];
const rerenderRows: Row[] = [
  [
    're-render, start moved',
    (r) =>
      `${r.rerenderSeconds} s for ${r.rerenderedShortSeconds} s (${r.rerenderOverRender}× its render alone)`,
    '≤ 15 s, ≤ 1.2×',
  ],
  [
    '  CPU (incl. ffmpeg)',
    (r) => `${r.rerenderCpuSeconds} s (${r.rerenderCpuOverRender}× its render alone)`,
    '',
  ],
  ['  load average', (r) => String(r.rerenderLoadAverage), ''],
  [
    'pause trimming, 1.5 s pauses',
    (r) =>
      `${Math.round((r.pauseTrimShorterBy ?? NaN) * 1000) / 10} % shorter (${r.pauseTrimClipSeconds} s of ${r.pauseTrimSpeechSeconds} s)`,
    '≥ 20 %',
  ],
  ['  captions vs their words', (r) => `${r.pauseTrimCaptionErrorMs} ms at worst`, '≤ 50 ms'],
  ['  join vs its neighbours', (r) => `${r.pauseTrimJoinRiseDb} dB at worst`, '≤ 1 dB'],
];
const rows = [machineRow, ...(rerenderOnly ? [] : jobRows), ...rerenderRows];
/** A baseline kept before a figure was measured has none to show for it, nor this run for a pass it no longer makes. */
const shown = (value: Row[1], kept: Partial<Report>) => {
  const text = value(kept);
  return /undefined|NaN/.test(text) ? '—' : text;
};
const table = [
  ['', 'now', baseline ? 'baseline' : '', 'goal'],
  ...rows.map(([name, value, goal]) => [
    name,
    shown(value, report),
    baseline ? shown(value, baseline) : '',
    goal,
  ]),
];
/** Each column as wide as its widest cell and two spaces; the goals last, unpadded. */
const widths = [0, 1, 2].map((column) => Math.max(...table.map((cells) => cells[column].length)) + 2);
for (const cells of table)
  process.stdout.write(
    `${cells[0].padEnd(widths[0])}${cells[1].padEnd(widths[1])}${baseline ? cells[2].padEnd(widths[2]) : ''}${cells[3]}\n`,
  );

if (values['save-baseline']) {
  await writeFile(baselinePath, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nkept as the baseline in ${baselinePath}\n`);
}
