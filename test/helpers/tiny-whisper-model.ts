import { writeFile } from 'node:fs/promises';
import { seededRandom } from '../../src/sample/random.ts';

// A whisper model in whisper.cpp's ggml file format, small enough to write at test time: the real layout
// (magic, hyper-parameters, mel filters, vocabulary, every tensor the loader looks up, with the shapes it
// checks) around seeded random weights. It transcribes noise, quickly: what it proves is that the binding
// loads a model file, runs the encoder and decoder, and hands back segments ClipForge can parse.
//
// The layout follows whisper.cpp's `whisper_model_load` (src/whisper.cpp) and models/convert-pt-to-ggml.py:
//   u32 magic 0x67676d6c ("ggml")
//   i32 × 11 hyper-parameters: n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer, n_text_ctx,
//       n_text_state, n_text_head, n_text_layer, n_mels, ftype (0 = f32, 1 = f16 for the big matrices)
//   i32 n_mel, i32 n_fft, then n_mel × n_fft f32 mel filters
//   i32 token count, then per token: u32 byte length and the bytes. whisper.cpp adds the special tokens
//       (end of text, start of transcript, languages, timestamps…) itself for ids from the count up to n_vocab;
//       their ids follow from n_vocab (51864: English-only, end of text 50256, timestamps from 50363).
//   tensors until end of file: i32 n_dims, i32 name length, i32 type (0 f32, 1 f16), n_dims × i32 extents
//       (ggml order: the fastest-varying first), the name, the data.
// All numbers are little-endian.

export interface TinyWhisperShape {
  /** 51864: English-only (no language tokens); 51865 and up: multilingual */
  nVocab: number;
  /** whisper's 30-second window: 3000 mel frames halved by the second convolution */
  nAudioCtx: number;
  /** the width of both halves (whisper.cpp requires n_text_state = n_audio_state) */
  nState: number;
  nHead: number;
  nLayer: number;
  nTextCtx: number;
  nMels: number;
  /** 1: f16 matrices and convolutions (as published models), 0: f32 throughout */
  ftype: 0 | 1;
  seed: number;
  /**
   * How strongly the decoder leans to end of text: its embedding row is set along a fixed direction the decoder's
   * last layer norm adds to every output, so a transcript ends after a few tokens, as real ones end after a
   * sentence (a random model would otherwise run to the 224-token limit at every temperature whisper.cpp falls
   * back through). 0: no lean.
   */
  endLean: number;
}

export const TINY_WHISPER: TinyWhisperShape = {
  nVocab: 51864,
  nAudioCtx: 1500,
  nState: 64,
  nHead: 1,
  nLayer: 1,
  nTextCtx: 448,
  nMels: 80,
  ftype: 1,
  seed: 1,
  endLean: 4.5,
};

const GGML_MAGIC = 0x67676d6c;
/** the text tokens an English-only vocabulary holds before its end-of-text token */
const TEXT_TOKENS = 50256;
/** whisper's STFT: 400-sample window, 201 frequency bins */
const N_FFT = 201;

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** IEEE 754 half precision of a float (round to nearest; the weights here are far from the f16 limits). */
function toHalf(value: number): number {
  f32[0] = value;
  const bits = f32Bits[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent <= 0) return sign; // too small for a normal half: zero
  if (exponent >= 31) return sign | 0x7c00;
  const rounded = (exponent << 10) | (mantissa >>> 13);
  return sign | (rounded + ((mantissa >>> 12) & 1));
}

interface TensorSpec {
  name: string;
  /** ggml extents, fastest-varying first */
  ne: number[];
  f16: boolean;
  /** value = centre + spread × uniform(-1, 1) */
  centre: number;
  spread: number;
  /** changes to the random values (before any conversion to f16) */
  adjust?: (values: Float32Array) => void;
}

/** Every tensor whisper.cpp's loader creates, in its order, with the extents and types it checks. */
export function tinyWhisperTensors(shape: TinyWhisperShape = TINY_WHISPER): TensorSpec[] {
  const { nState: s, nAudioCtx, nTextCtx, nMels, nVocab, nLayer } = shape;
  const big = shape.ftype === 1;
  // a fixed unit vector (seeded apart from the weights)
  const pick = seededRandom(shape.seed + 7919);
  const raw = Array.from({ length: s }, () => pick() * 2 - 1);
  const length = Math.hypot(...raw);
  const endDirection = raw.map((x) => x / length);
  const matrix = (name: string, ne: number[]): TensorSpec => ({
    name,
    ne,
    f16: big,
    centre: 0,
    spread: 1 / Math.sqrt(ne[0]),
  });
  const vector = (name: string, n: number, centre = 0, spread = 0.02): TensorSpec => ({
    name,
    ne: [n],
    f16: false,
    centre,
    spread,
  });
  const norm = (prefix: string) => [vector(`${prefix}.weight`, s, 1, 0.05), vector(`${prefix}.bias`, s)];
  const attention = (prefix: string) => [
    ...norm(`${prefix}_ln`),
    matrix(`${prefix}.query.weight`, [s, s]),
    vector(`${prefix}.query.bias`, s),
    matrix(`${prefix}.key.weight`, [s, s]), // whisper's attention keys have no bias
    matrix(`${prefix}.value.weight`, [s, s]),
    vector(`${prefix}.value.bias`, s),
    matrix(`${prefix}.out.weight`, [s, s]),
    vector(`${prefix}.out.bias`, s),
  ];
  const mlp = (prefix: string) => [
    ...norm(`${prefix}.mlp_ln`),
    matrix(`${prefix}.mlp.0.weight`, [s, 4 * s]),
    vector(`${prefix}.mlp.0.bias`, 4 * s),
    matrix(`${prefix}.mlp.2.weight`, [4 * s, s]),
    vector(`${prefix}.mlp.2.bias`, s),
  ];
  const tensors: TensorSpec[] = [
    { name: 'encoder.positional_embedding', ne: [s, nAudioCtx], f16: false, centre: 0, spread: 0.1 },
    // the convolutions are f16 whenever the matrices are (whisper.cpp's "vtype")
    {
      name: 'encoder.conv1.weight',
      ne: [3, nMels, s],
      f16: big,
      centre: 0,
      spread: 1 / Math.sqrt(3 * nMels),
    },
    { name: 'encoder.conv1.bias', ne: [1, s], f16: false, centre: 0, spread: 0.02 },
    { name: 'encoder.conv2.weight', ne: [3, s, s], f16: big, centre: 0, spread: 1 / Math.sqrt(3 * s) },
    { name: 'encoder.conv2.bias', ne: [1, s], f16: false, centre: 0, spread: 0.02 },
    ...norm('encoder.ln_post'),
  ];
  for (let i = 0; i < nLayer; i++) {
    tensors.push(...mlp(`encoder.blocks.${i}`), ...attention(`encoder.blocks.${i}.attn`));
  }
  tensors.push(
    { name: 'decoder.positional_embedding', ne: [s, nTextCtx], f16: false, centre: 0, spread: 0.1 },
    {
      name: 'decoder.token_embedding.weight',
      ne: [s, nVocab],
      f16: big,
      centre: 0,
      spread: 0.5,
      adjust: (values) =>
        values.set(
          endDirection.map((x) => x * shape.endLean),
          TOKEN_EOT * s,
        ),
    },
    vector('decoder.ln.weight', s, 1, 0.05),
    {
      name: 'decoder.ln.bias',
      ne: [s],
      f16: false,
      centre: 0,
      spread: 0,
      adjust: (values) => values.set(endDirection),
    },
  );
  for (let i = 0; i < nLayer; i++) {
    tensors.push(
      ...mlp(`decoder.blocks.${i}`),
      ...attention(`decoder.blocks.${i}.attn`),
      ...attention(`decoder.blocks.${i}.cross_attn`),
    );
  }
  return tensors;
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'to',
  'vi',
  'da',
  'fe',
  'go',
  'hu',
  'pa',
  'ze',
  'bo',
  'ti',
];

/** end of text: the first id after the text tokens */
const TOKEN_EOT = TEXT_TOKENS;
/** GPT-2's id of the lone space, which whisper.cpp's decoder looks up by text to suppress blank output */
const SPACE_TOKEN = 220;

/**
 * Distinct made-up text tokens: about half start a word (a leading space, as in whisper's BPE vocabulary), and a
 * lone " " at its GPT-2 id (whisper.cpp throws std::out_of_range while decoding when there is none).
 */
function vocabulary(next: () => number): Buffer[] {
  const tokens: Buffer[] = [];
  for (let i = 0; i < TEXT_TOKENS; i++) {
    if (i === SPACE_TOKEN) {
      tokens.push(Buffer.from(' '));
      continue;
    }
    let text = '';
    for (let n = i; ; n = Math.floor(n / SYLLABLES.length) - 1) {
      text = SYLLABLES[n % SYLLABLES.length] + text;
      if (n < SYLLABLES.length) break;
    }
    tokens.push(Buffer.from(next() < 0.5 ? ` ${text}` : text, 'utf8'));
  }
  return tokens;
}

/** The whole model file's bytes. */
export function tinyWhisperModel(shape: TinyWhisperShape = TINY_WHISPER): Buffer {
  if (shape.nState % shape.nHead !== 0) throw new Error('nState must be a multiple of nHead');
  const next = seededRandom(shape.seed);
  const uniform = () => next() * 2 - 1;
  const parts: Buffer[] = [];
  const ints = (...values: number[]) => {
    const buffer = Buffer.alloc(4 * values.length);
    values.forEach((value, i) => buffer.writeInt32LE(value, 4 * i));
    parts.push(buffer);
  };
  const header = Buffer.alloc(4);
  header.writeUInt32LE(GGML_MAGIC);
  parts.push(header);
  ints(
    shape.nVocab,
    shape.nAudioCtx,
    shape.nState,
    shape.nHead,
    shape.nLayer,
    shape.nTextCtx,
    shape.nState,
    shape.nHead,
    shape.nLayer,
    shape.nMels,
    shape.ftype,
  );
  // mel filters: non-negative weights, as a real filter bank's triangles are
  ints(shape.nMels, N_FFT);
  const filters = Buffer.alloc(4 * shape.nMels * N_FFT);
  for (let i = 0; i < shape.nMels * N_FFT; i++) filters.writeFloatLE(next() * 0.02, 4 * i);
  parts.push(filters);
  const tokens = vocabulary(next);
  ints(tokens.length);
  for (const token of tokens) {
    ints(token.length);
    parts.push(token);
  }
  for (const tensor of tinyWhisperTensors(shape)) {
    const name = Buffer.from(tensor.name, 'utf8');
    ints(tensor.ne.length, name.length, tensor.f16 ? 1 : 0, ...tensor.ne);
    parts.push(name);
    const count = tensor.ne.reduce((a, b) => a * b, 1);
    const floats = new Float32Array(count);
    for (let i = 0; i < count; i++) floats[i] = tensor.centre + tensor.spread * uniform();
    tensor.adjust?.(floats);
    const values = tensor.f16 ? Uint16Array.from(floats, toHalf) : floats;
    // typed arrays hold the machine's byte order: little-endian on every platform whisper.node builds for
    const data = Buffer.from(values.buffer);
    parts.push(data);
  }
  return Buffer.concat(parts);
}

export async function writeTinyWhisperModel(
  file: string,
  shape: TinyWhisperShape = TINY_WHISPER,
): Promise<number> {
  const bytes = tinyWhisperModel(shape);
  await writeFile(file, bytes);
  return bytes.length;
}
