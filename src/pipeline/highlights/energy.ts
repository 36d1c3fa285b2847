import { open } from 'node:fs/promises';

// Loudness over time from a 16-bit mono PCM WAV: one RMS value per `stepSeconds`.

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
  const file = await open(wavPath, 'r');
  try {
    const header = Buffer.alloc(4096);
    await file.read(header, 0, header.length, 0);
    const { dataOffset, dataBytes, sampleRate } = parseWavHeader(header);
    const { size } = await file.stat();
    const bytes = Math.min(dataBytes || size - dataOffset, size - dataOffset);
    const data = Buffer.alloc(bytes - (bytes % 2));
    await file.read(data, 0, data.length, dataOffset);
    const samples = new Int16Array(data.buffer, data.byteOffset, data.length / 2);
    return { levels: rmsLevels(samples, sampleRate, stepSeconds), stepSeconds };
  } finally {
    await file.close();
  }
}
