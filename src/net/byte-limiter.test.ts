import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { ByteLimiter } from './byte-limiter.ts';

const chunks = (...sizes: number[]) => Readable.from(sizes.map((size) => Buffer.alloc(size, 1)));

function sink() {
  const written: number[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.length);
      callback();
    },
  });
  return { stream, written };
}

describe('ByteLimiter', () => {
  it('passes a stream of at most maxBytes through whole, counting it', async () => {
    const seen: number[] = [];
    const limiter = new ByteLimiter(
      10,
      () => new Error('too large'),
      (received) => seen.push(received),
    );
    const out = sink();
    await pipeline(chunks(4, 6), limiter, out.stream);
    expect(limiter.received).toBe(10);
    expect(out.written).toEqual([4, 6]);
    expect(seen).toEqual([4, 10]);
  });

  it('fails with its own error at the first byte past the limit, writing nothing of that chunk', async () => {
    const limiter = new ByteLimiter(10, () => new RangeError('larger than 10 bytes'));
    const out = sink();
    await expect(pipeline(chunks(4, 6, 1, 5), limiter, out.stream)).rejects.toThrow(RangeError);
    expect(out.written).toEqual([4, 6]);
    expect(limiter.received).toBe(11);
  });
});
