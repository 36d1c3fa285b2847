// Voice activity behind one narrow interface: audio in, one speech probability per frame out.

/** Sample rate every voice-activity model here is fed (the rate `extractAudio` writes). */
export const VAD_SAMPLE_RATE = 16000;

export interface SpeechProbabilityModel {
  /** seconds of audio each probability covers */
  readonly frameSeconds: number;
  /** 16 kHz mono samples in −1..1 → the probability (0..1) that each consecutive frame is speech */
  probabilities(samples: Float32Array, signal?: AbortSignal): Promise<Float32Array>;
  close(): Promise<void>;
}
