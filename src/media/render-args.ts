import { PROGRESS_ARGS, QUIET_ARGS } from './progress.ts';

// ffmpeg arguments for a short and its thumbnail: pure, so the exact command is tested.

export interface RenderArgsInput {
  input: string;
  start: number;
  end: number;
  /** a filter chain from [0:v] to [framed] */
  framingFilter: string;
  /** ASS file name relative to ffmpeg's working directory (keeps the filtergraph free of path escaping) */
  assFile?: string;
  output: string;
  preset: string;
  crf?: number;
}

export function renderShortArgs(input: RenderArgsInput): string[] {
  const captions = input.assFile ? `,ass=${input.assFile}` : '';
  return [
    ...QUIET_ARGS,
    '-ss',
    input.start.toFixed(3),
    '-i',
    input.input,
    '-t',
    (input.end - input.start).toFixed(3),
    '-filter_complex',
    `${input.framingFilter};[framed]fps=30${captions},format=yuv420p[v]`,
    '-map',
    '[v]',
    '-map',
    '0:a:0',
    '-c:v',
    'libx264',
    '-preset',
    input.preset,
    '-crf',
    String(input.crf ?? 21),
    '-profile:v',
    'high',
    '-g',
    '60',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-ar',
    '48000',
    '-ac',
    '2',
    '-movflags',
    '+faststart',
    ...PROGRESS_ARGS,
    input.output,
  ];
}

export function thumbnailArgs(video: string, atSeconds: number, output: string): string[] {
  return [...QUIET_ARGS, '-ss', atSeconds.toFixed(3), '-i', video, '-frames:v', '1', '-q:v', '3', output];
}
