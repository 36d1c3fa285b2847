import type { FaceDetector } from '../../engines/faces/detector.ts';
import { mediaFailure, UnreadableMediaError } from '../../media/errors.ts';
import { faceSamplingArgs } from '../../media/frame-args.ts';
import { runProcess, type StdoutFlow } from '../../media/process.ts';
import { frameSplitter } from '../../media/raw-frames.ts';
import type { MediaTools } from '../../media/tools.ts';
import type { FaceSample } from './crop-path.ts';
import { pictureStill } from './picture-change.ts';
import { skippingSampler } from './sample-skipping.ts';
import type { Size } from './types.ts';

// Looks at one segment of the source: small frames at a few per second are sampled for faces (the detector looks at
// one in four where the picture stays still, every other one or more elsewhere: sample-skipping.ts), while ffmpeg’s
// scene detector watches every frame for cuts. Only the chosen segments are ever decoded.

export interface SegmentAnalysis {
  samples: FaceSample[];
  /** seconds from the segment's start */
  cuts: number[];
}

export interface AnalysisSettings {
  /** width of the analysed frames (height follows the source aspect) */
  width: number;
  /** detector samples per second */
  sampleFps: number;
  /** ffmpeg scdet threshold, 0–100 */
  sceneThreshold: number;
}

/** Decoded frames allowed to wait for the detector before ffmpeg is paused (~10 MB at 640×360). */
const MAX_WAITING_FRAMES = 16;

export const DEFAULT_ANALYSIS: AnalysisSettings = { width: 640, sampleFps: 2, sceneThreshold: 12 };

const even = (value: number) => Math.max(2, Math.round(value / 2) * 2);

export function analysisFrameSize(source: Size, width: number): Size {
  const w = even(Math.min(width, source.width));
  return { width: w, height: even((w * source.height) / source.width) };
}

const SCDET_LINE = /lavfi\.scd\.time:\s*([\d.]+)/;

/** A scene-cut time from one of scdet's log lines. */
export function parseSceneCut(line: string): number | undefined {
  const match = SCDET_LINE.exec(line);
  if (!match) return undefined;
  const time = Number(match[1]);
  return Number.isFinite(time) ? time : undefined;
}

/** Cuts closer together than `minGap` seconds (flashes, fades) count once. */
export function mergeCuts(cuts: number[], minGap = 0.5): number[] {
  const merged: number[] = [];
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= 0.05) continue;
    if (merged.length === 0 || cut - merged[merged.length - 1] >= minGap) merged.push(cut);
  }
  return merged;
}

export async function analyseSegment(input: {
  videoPath: string;
  start: number;
  end: number;
  source: Size;
  detector: FaceDetector;
  signal: AbortSignal;
  settings?: AnalysisSettings;
  tools: MediaTools;
  onProgress?: (fraction: number) => void;
}): Promise<SegmentAnalysis> {
  const settings = input.settings ?? DEFAULT_ANALYSIS;
  const frame = analysisFrameSize(input.source, settings.width);
  const frameBytes = frame.width * frame.height * 3;
  const scale = input.source.width / frame.width;
  const duration = input.end - input.start;
  const expected = Math.max(1, Math.ceil(duration * settings.sampleFps));
  const cuts: number[] = [];
  const samples: FaceSample[] = [];
  let index = 0;
  let detecting = Promise.resolve();
  let failure: unknown;
  let waiting = 0;
  let paused: StdoutFlow | undefined;

  const record = (sample: FaceSample) => {
    samples.push(sample);
    input.onProgress?.(Math.min(1, samples.length / expected));
  };
  const look = async (data: Buffer, t: number): Promise<FaceSample> => {
    const faces = await input.detector.detect({ width: frame.width, height: frame.height, data });
    return {
      t,
      faces: faces.map((face) => ({
        cx: (face.x + face.width / 2) * scale,
        cy: (face.y + face.height / 2) * scale,
        size: Math.max(face.width, face.height) * scale,
        score: face.score,
      })),
    };
  };
  const sampler = skippingSampler(look, record, settings.sampleFps, (before, after) =>
    pictureStill(before, after, frame),
  );
  /** Runs `task` after every task queued before it, unless one of them failed. */
  const queue = (task: () => Promise<void>) => {
    detecting = detecting.then(async () => {
      if (failure) return;
      try {
        await task();
      } catch (error) {
        failure = error;
      }
    });
  };
  const detectFrame = (data: Buffer, frameIndex: number) => {
    waiting++;
    // the frame leaves the queue even after a failure, so a paused decoder is resumed and runs to its end
    detecting = detecting.then(() => {
      waiting--;
      if (paused && waiting <= MAX_WAITING_FRAMES / 2) {
        paused.resume();
        paused = undefined;
      }
    });
    queue(() => sampler.frame(data, frameIndex));
  };

  // a frame waits for the detector: it gets bytes of its own, not a view of a chunk
  const splitFrames = frameSplitter(frameBytes, (data) => {
    detectFrame(Buffer.from(data), index);
    index++;
  });
  const { videoPath, start, end } = input;
  const { sampleFps, sceneThreshold } = settings;
  try {
    await runProcess(
      input.tools.ffmpeg,
      faceSamplingArgs({ videoPath, start, end, frame, sampleFps, sceneThreshold }),
      {
        signal: input.signal,
        maxStdoutBytes: 0,
        onStdoutData: (chunk, flow) => {
          splitFrames(chunk);
          // a fast decoder must not queue more frames than the detector can take: memory stays bounded
          if (waiting > MAX_WAITING_FRAMES && !paused) {
            paused = flow;
            flow.pause();
          }
        },
        onStderrLine: (line) => {
          const cut = parseSceneCut(line);
          if (cut !== undefined) cuts.push(cut);
        },
      },
    );
  } catch (error) {
    throw mediaFailure(error, 'ffmpeg', (cause) => new UnreadableMediaError({ cause }));
  }
  queue(sampler.finish);
  await detecting;
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  input.onProgress?.(1);
  return { samples, cuts: mergeCuts(cuts) };
}
