// MFCC features exactly as LR-ASD's reference evaluation computes them (python_speech_features defaults at
// 16 kHz, on the raw int16 values): 100 rows of 13 coefficients per second of audio.

export const MFCC_SAMPLE_RATE = 16000;
export const MFCC_COEFFICIENTS = 13;
/** MFCC rows per second: one every 160 samples. */
export const MFCC_ROWS_PER_SECOND = 100;

const FRAME_SAMPLES = 400;
const HOP_SAMPLES = 160;
const FFT_SIZE = 512;
const FILTERS = 26;
const PRE_EMPHASIS = 0.97;
const LIFTER = 22;
const BINS = FFT_SIZE / 2 + 1;

const hzToMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number) => 700 * (10 ** (mel / 2595) - 1);

/** The FFT bin at each of the 28 mel points spaced evenly over 0–8000 Hz (the 26 filters' edges and peaks). */
export function melBinEdges(): number[] {
  const top = hzToMel(MFCC_SAMPLE_RATE / 2);
  return Array.from({ length: FILTERS + 2 }, (_, i) =>
    Math.floor(((FFT_SIZE + 1) * melToHz((top * i) / (FILTERS + 1))) / MFCC_SAMPLE_RATE),
  );
}

/** 26 triangular filters over the 257 power-spectrum bins, as rows. */
function melFilterbank(): Float64Array[] {
  const edges = melBinEdges();
  return Array.from({ length: FILTERS }, (_, j) => {
    const row = new Float64Array(BINS);
    const [low, peak, high] = [edges[j], edges[j + 1], edges[j + 2]];
    for (let i = low; i < peak; i++) row[i] = (i - low) / (peak - low);
    for (let i = peak; i < high; i++) row[i] = (high - i) / (high - peak);
    return row;
  });
}

/** Orthonormal DCT-II basis for the first 13 coefficients of 26 values, with the lifter folded in. */
function liftedDctBasis(): Float64Array[] {
  return Array.from({ length: MFCC_COEFFICIENTS }, (_, k) => {
    const scale =
      Math.sqrt((k === 0 ? 1 : 2) / FILTERS) * (1 + (LIFTER / 2) * Math.sin((Math.PI * k) / LIFTER));
    return Float64Array.from(
      { length: FILTERS },
      (_, n) => scale * Math.cos((Math.PI * k * (2 * n + 1)) / (2 * FILTERS)),
    );
  });
}

/** cos and sin of −2πk/512 for k < 256: every twiddle factor of a 512-point FFT, computed once. */
const TWIDDLES = (() => {
  const cos = new Float64Array(FFT_SIZE / 2);
  const sin = new Float64Array(FFT_SIZE / 2);
  for (let k = 0; k < FFT_SIZE / 2; k++) {
    cos[k] = Math.cos((-2 * Math.PI * k) / FFT_SIZE);
    sin[k] = Math.sin((-2 * Math.PI * k) / FFT_SIZE);
  }
  return { cos, sin };
})();

/** In-place radix-2 complex FFT of 512 points in `re`/`im`. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = FFT_SIZE;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const stride = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = TWIDDLES.cos[k * stride];
        const wi = TWIDDLES.sin[k * stride];
        const a = start + k;
        const b = a + size / 2;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

/** Rows the reference makes of n samples: 1 + ceil((n − 400) / 160), the last frame zero-padded. */
export function mfccRowCount(samples: number): number {
  return samples <= FRAME_SAMPLES ? 1 : 1 + Math.ceil((samples - FRAME_SAMPLES) / HOP_SAMPLES);
}

/** MFCC of 16 kHz mono int16 samples: `mfccRowCount(n)` rows of 13, row-major. */
export function mfcc(samples: Int16Array): Float32Array {
  const rows = mfccRowCount(samples.length);
  const filters = melFilterbank();
  const basis = liftedDctBasis();
  const out = new Float32Array(rows * MFCC_COEFFICIENTS);
  const re = new Float64Array(FFT_SIZE);
  const im = new Float64Array(FFT_SIZE);
  const power = new Float64Array(BINS);
  const logMel = new Float64Array(FILTERS);
  const emphasised = (i: number) =>
    i >= samples.length ? 0 : i === 0 ? samples[0] : samples[i] - PRE_EMPHASIS * samples[i - 1];
  for (let row = 0; row < rows; row++) {
    re.fill(0);
    im.fill(0);
    for (let i = 0; i < FRAME_SAMPLES; i++) re[i] = emphasised(row * HOP_SAMPLES + i);
    fft(re, im);
    let energy = 0;
    for (let bin = 0; bin < BINS; bin++) {
      power[bin] = (re[bin] * re[bin] + im[bin] * im[bin]) / FFT_SIZE;
      energy += power[bin];
    }
    for (let j = 0; j < FILTERS; j++) {
      let sum = 0;
      const filter = filters[j];
      for (let bin = 0; bin < BINS; bin++) sum += filter[bin] * power[bin];
      logMel[j] = Math.log(sum === 0 ? Number.EPSILON : sum);
    }
    for (let k = 1; k < MFCC_COEFFICIENTS; k++) {
      let sum = 0;
      for (let n = 0; n < FILTERS; n++) sum += basis[k][n] * logMel[n];
      out[row * MFCC_COEFFICIENTS + k] = sum;
    }
    out[row * MFCC_COEFFICIENTS] = Math.log(energy === 0 ? Number.EPSILON : energy);
  }
  return out;
}
