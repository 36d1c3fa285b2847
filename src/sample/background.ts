import { seededRandom } from './random.ts';

// A continuous bed under the speech, as in most real videos: a soft synthesised music loop and room tone
// (pink noise, a little mains hum). Its level is set relative to the speech, so the pauses are never silent.

export interface BedLevels {
  /** how far the music lies under the speech's RMS, in dB */
  musicDb: number;
  /** how far the room tone lies under the speech's RMS, in dB */
  roomDb: number;
}

/** Root-mean-square of the samples above `floor` (the speaking parts), in −1..1 units. */
export function speechRms(samples: Int16Array, floor = 400): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i];
    if (Math.abs(value) < floor) continue;
    sum += (value / 32768) ** 2;
    count++;
  }
  return count ? Math.sqrt(sum / count) : 0;
}

const CHORDS = [
  [220, 277.18, 329.63],
  [196, 246.94, 293.66],
  [174.61, 220, 261.63],
  [164.81, 207.65, 246.94],
];

/** The music loop: four chords of two seconds, plucked on each beat, with a bass note. Unit RMS ≈ 1. */
export function musicBed(length: number, sampleRate: number): Float32Array {
  const out = new Float32Array(length);
  const beat = 60 / 96;
  for (let i = 0; i < length; i++) {
    const t = i / sampleRate;
    const chord = CHORDS[Math.floor(t / 2) % CHORDS.length];
    const sinceBeat = t % beat;
    const pluck = 0.35 + 0.65 * Math.exp(-sinceBeat * 4);
    let value = 0;
    for (const f of chord) {
      value += Math.sin(2 * Math.PI * f * t) + 0.35 * Math.sin(4 * Math.PI * f * t);
    }
    value = (value / chord.length) * pluck + 0.6 * Math.sin(Math.PI * chord[0] * t);
    out[i] = value;
  }
  return normalise(out);
}

/** Room tone: pink noise (Paul Kellet's filter) with a faint 50 Hz hum. Unit RMS ≈ 1. */
export function roomTone(length: number, sampleRate: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(length);
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  for (let i = 0; i < length; i++) {
    const white = random() * 2 - 1;
    b0 = 0.99765 * b0 + white * 0.099046;
    b1 = 0.963 * b1 + white * 0.2965164;
    b2 = 0.57 * b2 + white * 1.0526913;
    out[i] = b0 + b1 + b2 + white * 0.1848 + 0.15 * Math.sin((2 * Math.PI * 50 * i) / sampleRate);
  }
  return normalise(out);
}

function normalise(samples: Float32Array): Float32Array {
  let sum = 0;
  for (const value of samples) sum += value * value;
  const rms = Math.sqrt(sum / Math.max(1, samples.length)) || 1;
  for (let i = 0; i < samples.length; i++) samples[i] /= rms;
  return samples;
}

/** The speech with the music and room tone mixed under it at the given levels (clipped to 16 bits). */
export function mixBed(speech: Int16Array, sampleRate: number, levels: BedLevels, seed: number): Int16Array {
  const reference = speechRms(speech);
  const music = musicBed(speech.length, sampleRate);
  const room = roomTone(speech.length, sampleRate, seed);
  const musicGain = reference * 10 ** (-levels.musicDb / 20) * 32768;
  const roomGain = reference * 10 ** (-levels.roomDb / 20) * 32768;
  const mixed = new Int16Array(speech.length);
  for (let i = 0; i < speech.length; i++) {
    const value = speech[i] + music[i] * musicGain + room[i] * roomGain;
    mixed[i] = Math.max(-32768, Math.min(32767, Math.round(value)));
  }
  return mixed;
}
