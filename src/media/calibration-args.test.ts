import { describe, expect, it } from 'vitest';
import { calibrationArgs } from './calibration-args.ts';
import { runProcess } from './process.ts';

describe('the calibration encode', () => {
  it('codes a fixed 1080×1920 picture sequence as a short is, on one thread, writing nothing', () => {
    const args = calibrationArgs(2).join(' ');
    expect(args).toContain('-f lavfi -i testsrc2=size=1080x1920:rate=30:duration=2');
    expect(args).toContain('-c:v libx264 -preset ultrafast -crf 21 -threads 1');
    expect(args.endsWith('-f null -')).toBe(true);
  });

  it('runs in ffmpeg and codes the pictures it asks for', async () => {
    // ffmpeg's progress report on stdout counts the pictures coded
    const { stdout } = await runProcess('ffmpeg', [
      ...calibrationArgs(0.5).slice(0, -1),
      '-progress',
      'pipe:1',
      '-',
    ]);
    expect(stdout).toMatch(/frame=15\n/);
  });
});
