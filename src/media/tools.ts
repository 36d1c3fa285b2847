import type { Config } from '../config.ts';

// The media tools a process runs, taken from its configuration in this one place. Every spawn of ffmpeg or
// ffprobe receives them; there is no default to fall back on, so a forgotten path is a type error, not a
// silent `ffmpeg` from PATH.

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
}

export function mediaTools(config: Pick<Config, 'ffmpegPath' | 'ffprobePath'>): MediaTools {
  return { ffmpeg: config.ffmpegPath, ffprobe: config.ffprobePath };
}
