// npm run eval:speakers — the active-speaker camera on the two-person fixture of src/sample/two-speakers.ts
// (mouths moving with their voices, and frozen), through the real framing analysis (BlazeFace, LR-ASD, Silero):
//   on speaker   share of the speech frames whose crop shows the speaking face (either face while both speak)
//   switches     changes of the face shown, against the turns (goal: ≤ turns + 1; frozen mouths: none)
//   closest      seconds between the two closest switches (goal: ≥ 1.5)
//   scoring CPU  CPU seconds of the model's scoring per video-second per face track (goal: ≤ 0.15)
//   60 s         wall seconds of the whole framing analysis of a 60 s two-face short (goal: ≤ 20 on 2 cores);
//                wall time depends on what else runs: the load average is printed with the figures
// The models run on the ONNX runtime CLIPFORGE_ONNX_RUNTIME picks, named with the figures.
// Usage: npm run eval:speakers -- [--no-long] [--only talking|frozen]
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHumanFaceDetector } from '../src/engines/faces/human.ts';
import { loadOnnxRuntime } from '../src/engines/onnx-runtime.ts';
import { LrAsd, type SpeakingScorer } from '../src/engines/speakers/lr-asd.ts';
import { cameraFigures } from '../src/eval/speaker-camera.ts';
import { runProcess } from '../src/media/process.ts';
import { repeatedCopyArgs } from '../src/media/sample-args.ts';
import { mediaTools } from '../src/media/tools.ts';
import { loadConfig } from '../src/config.ts';
import { planFraming } from '../src/pipeline/framing/plan.ts';
import type { FramingPlan, TrackPlan } from '../src/pipeline/framing/types.ts';
import { generateTwoSpeakerTalk, type TwoSpeakerTruth } from '../src/sample/two-speakers.ts';

const { values } = parseArgs({
  options: { long: { type: 'boolean', default: true }, only: { type: 'string' } },
  allowNegative: true,
});

const DIR = path.join(os.tmpdir(), 'clipforge-eval-speakers');
const OUTPUT = { width: 1080, height: 1920 };
const tools = mediaTools(loadConfig());

/**
 * The model, with the CPU time and the frames of its scoring counted: the process's CPU (the scoring threads'
 * included) while any track is being scored, so tracks scored at once are not counted twice.
 */
async function countedScorer(counts: {
  cpuSeconds: number;
  trackFrames: number;
  scoredFrames: number;
}): Promise<SpeakingScorer> {
  const model = await LrAsd.load();
  let active = 0;
  let since = process.cpuUsage();
  return {
    async score(track, signal) {
      if (active++ === 0) since = process.cpuUsage();
      try {
        const scores = await model.score(track, signal);
        counts.trackFrames += scores.length;
        counts.scoredFrames += scores.filter((score) => !Number.isNaN(score)).length;
        return scores;
      } finally {
        if (--active === 0) {
          const used = process.cpuUsage(since);
          counts.cpuSeconds += (used.user + used.system) / 1e6;
        }
      }
    },
    close: () => model.close(),
  };
}

async function frame(videoPath: string, truth: TwoSpeakerTruth, end = truth.duration) {
  const counts = { cpuSeconds: 0, trackFrames: 0, scoredFrames: 0 };
  const started = performance.now();
  const cpu = process.cpuUsage();
  const plan = await planFraming({
    videoPath,
    start: 0,
    end,
    layout: 'auto',
    sourceSize: { width: truth.width, height: truth.height },
    outputSize: OUTPUT,
    signal: new AbortController().signal,
    detector: createHumanFaceDetector,
    speakers: () => countedScorer(counts),
    tools,
  });
  const used = process.cpuUsage(cpu);
  return {
    plan,
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    scoringCpuPerFaceSecond: counts.trackFrames > 0 ? counts.cpuSeconds / (counts.trackFrames / 25) : NaN,
    scoredShare: counts.scoredFrames / counts.trackFrames,
  };
}

/** Where the crop is at each frame of the fixture: a tracked crop's points; nothing for a fixed framing. */
function observationsOf(plan: FramingPlan, truth: TwoSpeakerTruth) {
  if (plan.kind !== 'track') return undefined;
  return truth.speaking.map((_, f) => ({
    frame: f,
    x: plan.points[Math.min(plan.points.length - 1, Math.round((f / truth.fps) * plan.fps))].x,
  }));
}

const load = () => os.loadavg()[0].toFixed(1);
const loadAtStart = load();
const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
const rows: string[] = [];
await mkdir(DIR, { recursive: true });
for (const mouthsMove of [true, false]) {
  const name = mouthsMove ? 'talking' : 'frozen';
  if (values.only && values.only !== name) continue;
  const { videoPath, truth } = await generateTwoSpeakerTalk({ outDir: DIR, name, mouthsMove, tools });
  const result = await frame(videoPath, truth);
  const observations = observationsOf(result.plan, truth);
  const cost =
    `scoring ${result.scoringCpuPerFaceSecond.toFixed(3)} CPU s per video-s per face ` +
    `${mark(result.scoringCpuPerFaceSecond <= 0.15)} (${(result.scoredShare * 100).toFixed(0)} % of frames scored)  framing ${result.wallSeconds.toFixed(1)} s wall, ` +
    `${result.cpuSeconds.toFixed(1)} s CPU`;
  if (!observations) {
    // a fixed framing (the split of two people when nobody is seen to speak) never switches
    rows.push(
      `${name.padEnd(8)} ${truth.duration.toFixed(1)} s  framed as ${result.plan.kind}: no switch ${mark(!mouthsMove)}  ${cost}`,
    );
  } else {
    const figures = cameraFigures(truth, observations, (result.plan as TrackPlan).crop.width);
    const switchesOk = mouthsMove ? figures.switches <= figures.turns + 1 : figures.switches === 0;
    rows.push(
      `${name.padEnd(8)} ${truth.duration.toFixed(1)} s  on speaker ${(figures.onSpeaker * 100).toFixed(1)} % ` +
        `${mark(!mouthsMove || figures.onSpeaker >= 0.9)}  switches ${figures.switches} (turns ${figures.turns}) ` +
        `${mark(switchesOk)}  closest ${figures.closestSwitches?.toFixed(2) ?? '–'} s ` +
        `${mark((figures.closestSwitches ?? Infinity) >= 1.5)}  ${cost}`,
    );
  }
  console.log(rows.at(-1));
  if (mouthsMove && values.long) {
    const long = path.join(DIR, 'talking-64s.mp4');
    await runProcess(tools.ffmpeg, repeatedCopyArgs(videoPath, 2, long));
    const minute = await frame(long, truth, 60);
    rows.push(
      `60 s two-face short: framing analysis ${minute.wallSeconds.toFixed(1)} s wall ${mark(minute.wallSeconds <= 20)} ` +
        `${minute.cpuSeconds.toFixed(1)} s CPU, scoring ${minute.scoringCpuPerFaceSecond.toFixed(3)} CPU s per video-s per face`,
    );
    console.log(rows.at(-1));
  }
}
const runtime = await loadOnnxRuntime();
console.log(
  `\n${rows.join('\n')}\nONNX runtime ${runtime.name}${runtime.nativeFailure ? ` (${runtime.nativeFailure})` : ''}; load average (1 min) ${loadAtStart} at the start, ${load()} at the end, on ${os.availableParallelism()} cores`,
);
