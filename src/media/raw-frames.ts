// Decoded pictures arrive from ffmpeg's stdout in chunks of whatever size the pipe gives (64 KiB), a frame spanning
// many of them. Gathering the chunks of a frame and joining them once copies each byte at most once, where joining
// the pending bytes to every new chunk copies a 640×360 frame about six times over.

/** A consumer of raw stdout chunks that calls `onFrame` with every complete frame of `frameBytes`, in order. */
export function frameSplitter(frameBytes: number, onFrame: (frame: Buffer) => void): (chunk: Buffer) => void {
  let parts: Buffer[] = [];
  let held = 0;
  return (chunk) => {
    let offset = 0;
    if (held > 0) {
      const missing = frameBytes - held;
      if (chunk.length < missing) {
        parts.push(chunk);
        held += chunk.length;
        return;
      }
      onFrame(Buffer.concat([...parts, chunk.subarray(0, missing)], frameBytes));
      parts = [];
      held = 0;
      offset = missing;
    }
    for (; chunk.length - offset >= frameBytes; offset += frameBytes)
      onFrame(chunk.subarray(offset, offset + frameBytes));
    if (offset < chunk.length) {
      parts.push(chunk.subarray(offset));
      held = chunk.length - offset;
    }
  };
}
