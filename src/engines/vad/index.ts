import { floatSamples, readWavSamples } from '../../media/wav.ts';
import { VAD_SAMPLE_RATE, type SpeechProbabilityModel } from './model.ts';
import {
  adaptiveHysteresis,
  pausesBetween,
  speechRegionsFrom,
  type Hysteresis,
  type Pause,
  type SpeechRegion,
} from './regions.ts';
import { SileroVad } from './silero.ts';

export { pausesBetween, type Pause, type SpeechRegion } from './regions.ts';
export { VAD_SAMPLE_RATE } from './model.ts';

/** Where people speak in a recording, and the pauses between. Times in seconds from its start. */
export interface VoiceActivity {
  duration: number;
  regions: SpeechRegion[];
  pauses: Pause[];
  hysteresis: Hysteresis;
}

export interface VoiceActivityOptions {
  signal?: AbortSignal;
  /** the speech model; Silero VAD v5 when not given */
  model?: SpeechProbabilityModel;
}

/** Voice activity of 16 kHz mono samples in −1..1. */
export async function detectVoiceActivity(
  samples: Float32Array,
  options: VoiceActivityOptions = {},
): Promise<VoiceActivity> {
  const model = options.model ?? (await SileroVad.load());
  try {
    const probabilities = await model.probabilities(samples, options.signal);
    const hysteresis = adaptiveHysteresis(probabilities);
    const regions = speechRegionsFrom(probabilities, model.frameSeconds, hysteresis);
    return {
      duration: samples.length / VAD_SAMPLE_RATE,
      regions,
      pauses: pausesBetween(regions),
      hysteresis,
    };
  } finally {
    if (!options.model) await model.close();
  }
}

/** Reads a 16 kHz mono 16-bit WAV (as `extractAudio` writes). */
export async function readVadSamples(wavPath: string): Promise<Float32Array> {
  const { samples, sampleRate } = await readWavSamples(wavPath);
  if (sampleRate !== VAD_SAMPLE_RATE) {
    throw new Error(`Voice activity needs 16 kHz audio; ${wavPath} is ${sampleRate} Hz`);
  }
  return floatSamples(samples);
}

/** The speech regions of a 16 kHz mono WAV file: for feeding a recogniser speech-bounded chunks. */
export async function speechRegionsOfFile(
  wavPath: string,
  options: VoiceActivityOptions = {},
): Promise<SpeechRegion[]> {
  return (await detectVoiceActivity(await readVadSamples(wavPath), options)).regions;
}
