import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.ts';

describe('TtlCache', () => {
  it('returns values until they expire', () => {
    const cache = new TtlCache<number>(100);
    cache.set('a', 1, 1000);
    expect(cache.get('a', 1050)).toBe(1);
    expect(cache.get('a', 1100)).toBeUndefined();
  });

  it('forgets deleted keys and evicts the oldest entry when full', () => {
    const cache = new TtlCache<number>(1000, 2);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('c', 3, 0);
    expect(cache.get('a', 1)).toBeUndefined();
    cache.delete('b');
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('c', 1)).toBe(3);
  });
});
