import { QUIET_ARGS } from './progress.ts';

// A fixed piece of work that tells how fast this machine is at the moment. On a shared host the same job takes more
// CPU seconds while other machines load its cores (seen here: one job's ffmpeg runs took 270 CPU s in one run and
// 336 in another), so the bench prints the CPU seconds of this work beside its figures: a change in them that this
// figure shows too is the machine's, not the code's.

/**
 * ffmpeg arguments: `seconds` of a fixed 1080×1920 picture sequence coded as a short is (x264 ultrafast, crf 21)
 * on one thread, written nowhere: the work the job spends most of its CPU on, always the same.
 */
export function calibrationArgs(seconds: number): string[] {
  return [
    ...QUIET_ARGS,
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=1080x1920:rate=30:duration=${seconds}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-crf',
    '21',
    '-threads',
    '1',
    '-f',
    'null',
    '-',
  ];
}
