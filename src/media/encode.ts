// The one way ClipForge encodes an MP4 (shorts, built-in assets, template previews, sample talks): H.264, AAC at
// 128 kb/s when there is sound, the index at the front so a browser plays it before it has all of it. Callers
// choose only the speed/size trade-off and any options of the video stream itself.

export interface Mp4Encode {
  /** x264 preset: `ultrafast` for assets made once, the configured one for shorts */
  preset: string;
  crf?: number;
  /** options of the video stream placed after the codec's (profile, keyframe interval) */
  videoOptions?: string[];
  /** whether the output has an audio stream to encode */
  audio: boolean;
}

export function mp4EncodeArgs({ preset, crf, videoOptions = [], audio }: Mp4Encode): string[] {
  return [
    '-c:v',
    'libx264',
    '-preset',
    preset,
    ...(crf === undefined ? [] : ['-crf', String(crf)]),
    ...videoOptions,
    ...(audio ? ['-c:a', 'aac', '-b:a', '128k'] : []),
    '-movflags',
    '+faststart',
  ];
}
