import { beforeAll, describe, expect, it } from 'vitest';
import { highFaceTalk } from '../../../test/helpers/media.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';
import { faceSamplingArgs } from '../../media/frame-args.ts';
import { runProcess } from '../../media/process.ts';
import { DETECTOR_INPUT_SIDE, type RgbFrame } from './detector.ts';
import { crashDetectionThread, createHumanFaceDetector } from './human.ts';
import { loadHuman } from './human-model.ts';

const size = { width: 640, height: 360 };
const frameBytes = size.width * size.height * 3;
/** Two decoded frames of a talk whose face (about 133 px wide here) is centred at (333, 56), back to back. */
let decoded: Buffer;

const faceFrame = (): RgbFrame => ({ ...size, data: Buffer.from(decoded.subarray(0, frameBytes)) });
const blankFrame = (): RgbFrame => ({ ...size, data: Buffer.alloc(frameBytes) });

beforeAll(async () => {
  const chunks: Buffer[] = [];
  const videoPath = await highFaceTalk();
  await runProcess(
    TEST_TOOLS.ffmpeg,
    faceSamplingArgs({ videoPath, start: 1, end: 2, frame: size, sampleFps: 2, sceneThreshold: 12 }),
    { maxStdoutBytes: 0, onStdoutData: (chunk) => chunks.push(chunk) },
  );
  decoded = Buffer.concat(chunks);
  expect(decoded.length).toBe(2 * frameBytes);
});

describe('the face detection model', () => {
  it('looks at a square of DETECTOR_INPUT_SIDE, the shorter side framing gives its frames', async () => {
    const human = (await loadHuman()) as unknown as {
      models: { models: Record<string, { inputs: { shape: number[] }[] } | null> };
    };
    const [model] = Object.values(human.models.models).filter((loaded) => loaded !== null);
    expect(model?.inputs[0].shape).toEqual([1, DETECTOR_INPUT_SIDE, DETECTOR_INPUT_SIDE, 3]);
  });
});

describe('the face detector on its thread', () => {
  it('finds the face in a decoded frame', async () => {
    const detector = await createHumanFaceDetector();
    const faces = await detector.detect(faceFrame());
    expect(faces).toHaveLength(1);
    const [face] = faces;
    expect(Math.abs(face.x + face.width / 2 - 333)).toBeLessThan(20);
    expect(Math.abs(face.y + face.height / 2 - 56)).toBeLessThan(20);
    expect(face.score).toBeGreaterThan(0.8);
  });

  it('answers detections sent together in the order they were sent, and leaves every frame to its caller', async () => {
    const detector = await createHumanFaceDetector();
    const view = { ...size, data: decoded.subarray(frameBytes) };
    const frames = [faceFrame(), blankFrame(), view, blankFrame(), faceFrame()];
    const answers = await Promise.all(frames.map((frame) => detector.detect(frame)));
    expect(answers.map((faces) => faces.length)).toEqual([1, 0, 1, 0, 1]);
    // the bytes went as copies: a frame of its own and the buffer a view shows stay whole for their owners
    for (const frame of frames) expect(frame.data.length).toBe(frameBytes);
    expect(decoded.length).toBe(2 * frameBytes);
  });

  it('fails every waiting and later detection when its thread dies, and a new detector starts another', async () => {
    const detector = await createHumanFaceDetector();
    const waiting = [faceFrame(), faceFrame(), faceFrame()].map((frame) =>
      detector.detect(frame).then(
        () => 'answered',
        (error: Error) => error.message,
      ),
    );
    await crashDetectionThread();
    const outcomes = await Promise.all(waiting);
    const died = /^Face detection failed: its thread exited \(code \d+\)$/;
    // the first may have been answered before the thread ended; the last one waited behind it
    for (const outcome of outcomes) expect(outcome).toMatch(outcome === 'answered' ? /answered/ : died);
    expect(outcomes.at(-1)).toMatch(died);
    await expect(detector.detect(faceFrame())).rejects.toThrow(died);

    const next = await createHumanFaceDetector();
    expect(await next.detect(faceFrame())).toHaveLength(1);
  });
});
