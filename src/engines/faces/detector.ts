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

export interface FaceDetector {
  detect(frame: RgbFrame): Promise<FaceBox[]>;
}
