import { describe, expect, it } from 'vitest';
import { seededRandom } from '../sample/random.ts';
import { captionErrors, highPass, joinRisesDb, locate, peakDb, type Sound } from './tighten-fidelity.ts';

const RATE = 16_000;
const noise = (seconds: number, level: number, seed = 3): Float32Array => {
  const random = seededRandom(seed);
  return Float32Array.from({ length: Math.round(seconds * RATE) }, () => (random() * 2 - 1) * level);
};
const sine = (hz: number, seconds: number): Sound => ({
  samples: Float32Array.from({ length: seconds * RATE }, (_, i) => Math.sin((2 * Math.PI * hz * i) / RATE)),
  rate: RATE,
});

describe('tightened clip fidelity', () => {
  it('finds where a piece of the source sounds in the clip, to the sample', () => {
    const source = { samples: noise(2, 0.5), rate: RATE };
    // the clip: a second of other sound, then the source from 0.7 s on
    const clip = { samples: new Float32Array(3 * RATE), rate: RATE };
    clip.samples.set(noise(1, 0.5, 9));
    clip.samples.set(source.samples.subarray(0.7 * RATE), RATE);
    const piece = source.samples.subarray(0.9 * RATE, 1.05 * RATE);
    expect(locate(piece, clip, 1.25)).toBeCloseTo(1.2, 4);
    // a caption shown 30 ms late is 30 ms off
    const [error] = captionErrors(
      [{ heard: { start: 0.9, end: 1.2 }, shown: { start: 1.23, end: 1.53 } }],
      source,
      clip,
    );
    expect(error).toBeCloseTo(0.03, 4);
  });

  it('keeps the high frequencies and takes the low ones away', () => {
    const high = highPass(sine(5000, 1), 2000);
    const low = highPass(sine(200, 1), 2000);
    expect(peakDb(high, 0.5, 1)).toBeGreaterThan(-1);
    expect(peakDb(low, 0.5, 1)).toBeLessThan(-60);
  });

  it('hears a click at a join of a steady bed, not a smooth join', () => {
    const bed = { samples: noise(1, 0.01), rate: RATE };
    expect(joinRisesDb(bed, [0.5])[0]).toBeLessThanOrEqual(1);
    const clicked = { samples: Float32Array.from(bed.samples), rate: RATE };
    for (let i = 0.5 * RATE; i < bed.samples.length; i++) clicked.samples[i] += 0.05;
    expect(joinRisesDb(clicked, [0.5])[0]).toBeGreaterThan(6);
  });
});
