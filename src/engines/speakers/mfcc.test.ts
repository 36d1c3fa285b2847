import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MFCC_COEFFICIENTS, melBinEdges, mfcc, mfccRowCount } from './mfcc.ts';

// The reference values come from test/fixtures/speakers/mfcc_reference.py (numpy and scipy), written once.
const reference = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/speakers/mfcc-reference.json', import.meta.url), 'utf8'),
) as { samples: number[]; mfcc: number[][] };

describe('mfcc', () => {
  it('matches an independent numpy computation to 1e-4', () => {
    const features = mfcc(Int16Array.from(reference.samples));
    expect(features.length).toBe(reference.mfcc.length * MFCC_COEFFICIENTS);
    let worst = 0;
    reference.mfcc.forEach((row, r) =>
      row.forEach((value, k) => {
        worst = Math.max(worst, Math.abs(features[r * MFCC_COEFFICIENTS + k] - value));
      }),
    );
    expect(worst).toBeLessThan(1e-4);
  });

  it('makes 1 + ceil((n − 400) / 160) rows, one for a short signal', () => {
    expect(mfccRowCount(16000)).toBe(99);
    expect(mfccRowCount(401)).toBe(2);
    expect(mfccRowCount(100)).toBe(1);
    expect(mfcc(new Int16Array(100)).length).toBe(MFCC_COEFFICIENTS);
  });

  it('spaces the filter edges on the mel scale from bin 0 to bin 256', () => {
    const edges = melBinEdges();
    expect(edges).toHaveLength(28);
    expect(edges[0]).toBe(0);
    expect(edges[27]).toBe(256);
  });

  it('replaces coefficient 0 by the log energy, eps for silence', () => {
    const silent = mfcc(new Int16Array(800));
    expect(silent[0]).toBeCloseTo(Math.log(Number.EPSILON), 3);
  });
});
