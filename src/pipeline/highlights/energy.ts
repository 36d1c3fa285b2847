import { readWavSamples } from '../../media/wav.ts';

// Loudness over time from a 16-bit mono PCM WAV: one RMS value per `stepSeconds`.

export function rmsLevels(samples: Int16Array, sampleRate: number, stepSeconds: number): number[] {
  const step = Math.max(1, Math.round(sampleRate * stepSeconds));
  const levels: number[] = [];
  for (let start = 0; start < samples.length; start += step) {
    const end = Math.min(samples.length, start + step);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i] * samples[i];
    levels.push(Math.sqrt(sum / (end - start)) / 32768);
  }
  return levels;
}

export async function readLevels(
  wavPath: string,
  stepSeconds = 0.5,
): Promise<{ levels: number[]; stepSeconds: number }> {
  const { samples, sampleRate } = await readWavSamples(wavPath);
  return { levels: rmsLevels(samples, sampleRate, stepSeconds), stepSeconds };
}
