import { open } from 'node:fs/promises';

// 16-bit PCM WAV files: the header, and the samples of a whole file.

/** Finds the "data" chunk of a RIFF/WAVE header; returns its byte offset, size and the sample rate. */
export function parseWavHeader(header: Buffer): {
  dataOffset: number;
  dataBytes: number;
  sampleRate: number;
} {
  if (header.toString('ascii', 0, 4) !== 'RIFF' || header.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('Not a WAV file');
  }
  let offset = 12;
  let sampleRate = 16000;
  while (offset + 8 <= header.length) {
    const id = header.toString('ascii', offset, offset + 4);
    const size = header.readUInt32LE(offset + 4);
    if (id === 'fmt ') sampleRate = header.readUInt32LE(offset + 12);
    if (id === 'data') return { dataOffset: offset + 8, dataBytes: size, sampleRate };
    offset += 8 + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}

/** The samples of a 16-bit mono PCM WAV file (such as the one `extractAudio` writes). */
export async function readWavSamples(wavPath: string): Promise<{ samples: Int16Array; sampleRate: number }> {
  const file = await open(wavPath, 'r');
  try {
    const header = Buffer.alloc(4096);
    await file.read(header, 0, header.length, 0);
    const { dataOffset, dataBytes, sampleRate } = parseWavHeader(header);
    const { size } = await file.stat();
    const bytes = Math.min(dataBytes || size - dataOffset, size - dataOffset);
    const data = Buffer.alloc(Math.max(0, bytes - (bytes % 2)));
    await file.read(data, 0, data.length, dataOffset);
    return { samples: new Int16Array(data.buffer, data.byteOffset, data.length / 2), sampleRate };
  } finally {
    await file.close();
  }
}

/** 16-bit samples as floats in −1..1. */
export function floatSamples(samples: Int16Array): Float32Array {
  const floats = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) floats[i] = samples[i] / 32768;
  return floats;
}
