// Face detection behind one narrow interface, so framing can be tested with any detector.

/** A decoded picture: tightly packed RGB24 rows. */
export interface RgbFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A face's bounding box in the frame's pixels. */
export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

/**
 * The side of the square BlazeFace scales every frame to before it looks (human-model.ts): a frame whose shorter
 * side is this long gives it every row it sees, and any larger frame only costs more to move and to scale.
 */
export const DETECTOR_INPUT_SIDE = 256;

export interface FaceDetector {
  detect(frame: RgbFrame): Promise<FaceBox[]>;
}
