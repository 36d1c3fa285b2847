import { DETECTOR_INPUT_SIDE, type FaceDetector } from '../../engines/faces/detector.ts';
import { mediaFailure, UnreadableMediaError } from '../../media/errors.ts';
import { exactSceneCutArgs, faceSamplingArgs } from '../../media/frame-args.ts';
import { runProcess, type StdoutFlow } from '../../media/process.ts';
import { frameSplitter } from '../../media/raw-frames.ts';
import type { MediaTools } from '../../media/tools.ts';
import type { FaceSample } from './crop-path.ts';
import { pictureStill } from './picture-change.ts';
import { skippingSampler } from './sample-skipping.ts';
import { cutsInEachStretch, mergeCuts, parseSceneCut } from './scene-cuts.ts';
import type { Size } from './types.ts';

// Looks at one segment of the source: small frames at a few per second are sampled for faces (the detector looks at
// one in four where the picture stays still, every other one or more elsewhere: sample-skipping.ts), while ffmpeg’s
// scene detector watches every frame for cuts. Only the chosen segments are ever decoded, and of them only the
// frames other frames refer to: where a cut may have fallen on a frame left out, the segment's cuts are found again
// on every frame.

export interface SegmentAnalysis {
  samples: FaceSample[];
  /** seconds from the segment's start */
  cuts: number[];
}

export interface AnalysisSettings {
  /** the shorter side of the analysed frames (the other follows the source aspect) */
  shortSide: number;
  /** detector samples per second */
  sampleFps: number;
  /** ffmpeg scdet threshold, 0–100 */
  sceneThreshold: number;
}

/** Decoded frames allowed to wait for the detector before ffmpeg is paused (~6 MB at 456×256). */
const MAX_WAITING_FRAMES = 16;

export const DEFAULT_ANALYSIS: AnalysisSettings = {
  shortSide: DETECTOR_INPUT_SIDE,
  sampleFps: 2,
  sceneThreshold: 12,
};

const even = (value: number) => Math.max(2, Math.round(value / 2) * 2);

export function analysisFrameSize(source: Size, width: number): Size {
  const w = even(Math.min(width, source.width));
  return { width: w, height: even((w * source.height) / source.width) };
}

/** The source scaled down (never up) until its shorter side is `shortSide`. */
export function sampledFrameSize(source: Size, shortSide: number): Size {
  const landscape = source.width >= source.height;
  return analysisFrameSize(source, landscape ? (shortSide * source.width) / source.height : shortSide);
}

/** A scene cut as the face sampling's decode logs it (only reference frames are decoded: faceSamplingArgs). */
export interface CutFrame {
  /** seconds from the segment's start */
  time: number;
  /** an intra-coded frame: an encoder that saw the cut put it there, on the very frame */
  intra: boolean;
  /** seconds since the decoded frame before it: more than a frame's time where frames were left out */
  gap: number;
}

const FRAME_LINE = /Parsed_metadata_\d+ .*\bpts_time:\s*([\d.]+)/;
const CUT_FRAME_LINE = /Parsed_showinfo_\d+ .*\bpts_time:\s*([\d.]+).*\btype:([A-Z?])/;

/**
 * Reads the face sampling decode's log: each cut scdet logs, the time of every decoded frame (the metadata
 * filter's lines) and the coding of each cut's frame (showinfo's). A cut is sure to the frame when its frame is
 * intra-coded (where its encoder saw the cut) or directly follows the decoded frame before it; elsewhere it may
 * have fallen on a frame left out, and so may a cut whose frame the log does not show.
 */
export function cutFrameLog() {
  let lastFrame = Number.NaN;
  let frameTime = Number.POSITIVE_INFINITY;
  const cuts: CutFrame[] = [];
  const cutAt = (time: number) => cuts.find((cut) => cut.time === time);
  return {
    read(line: string): void {
      const scdetCut = parseSceneCut(line);
      if (scdetCut !== undefined) {
        cuts.push({ time: scdetCut, intra: false, gap: Number.NaN });
        return;
      }
      const frame = FRAME_LINE.exec(line);
      if (frame) {
        const time = Number(frame[1]);
        if (time > lastFrame) frameTime = Math.min(frameTime, time - lastFrame);
        const cut = cutAt(time);
        if (cut) cut.gap = time - lastFrame;
        lastFrame = time;
        return;
      }
      const shown = CUT_FRAME_LINE.exec(line);
      const cut = shown && cutAt(Number(shown[1]));
      if (cut) cut.intra = shown[2] === 'I';
    },
    cuts: (): readonly CutFrame[] => cuts,
    /** whether every cut is sure to the frame */
    sure: () => cuts.every((cut) => cut.intra || cut.gap <= 1.5 * frameTime),
  };
}

/**
 * The segment's cuts, each to the frame: the cuts seen on reference frames when each is sure, otherwise those a
 * decode of every frame of the segment finds (an encoder that left one cut on a predicted frame left the others
 * there too, and one such decode costs less than one from the keyframe before each cut).
 */
async function exactCuts(
  log: ReturnType<typeof cutFrameLog>,
  input: { videoPath: string; start: number; end: number; signal: AbortSignal; tools: MediaTools },
  threshold: number,
): Promise<number[]> {
  if (log.sure()) return log.cuts().map((cut) => cut.time);
  const { videoPath, start, end } = input;
  const [found] = await cutsInEachStretch(
    [{ start, end }],
    (stretches) => exactSceneCutArgs(videoPath, stretches, threshold),
    input,
  );
  return found.map((cut) => cut - Math.max(0, start));
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
  const frame = sampledFrameSize(input.source, settings.shortSide);
  const frameBytes = frame.width * frame.height * 3;
  const scale = input.source.width / frame.width;
  const duration = input.end - input.start;
  const expected = Math.max(1, Math.ceil(duration * settings.sampleFps));
  const cutLog = cutFrameLog();
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
        onStderrLine: cutLog.read,
      },
    );
  } catch (error) {
    throw mediaFailure(error, 'ffmpeg', (cause) => new UnreadableMediaError({ cause }));
  }
  queue(sampler.finish);
  const [cuts] = await Promise.all([exactCuts(cutLog, input, sceneThreshold), detecting]);
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  input.onProgress?.(1);
  return { samples, cuts: mergeCuts(cuts) };
}
