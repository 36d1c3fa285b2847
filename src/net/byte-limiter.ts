import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes a stream through while counting its bytes, and fails it with `tooLarge()` as soon as more than `maxBytes`
 * have come (an upload, a download): a declared length can lie or be missing, the count cannot.
 */
export class ByteLimiter extends Transform {
  received = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly tooLarge: () => Error,
    private readonly onReceived?: (received: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.maxBytes) {
      callback(this.tooLarge());
      return;
    }
    this.onReceived?.(this.received);
    callback(null, chunk);
  }
}
