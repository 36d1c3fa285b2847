import { describe, expect, it } from 'vitest';
import { renderDownloadLine, renderProgressLine } from './progress-bar.ts';

describe('renderProgressLine', () => {
  it('shows the step name, its message and the percentage', () => {
    const line = renderProgressLine('transcribing_audio', 47, 10);
    expect(line).toContain(' 47%');
    expect(line).toContain('transcribing_audio');
    expect(line).toContain('Analyzing video...');
    expect(line.startsWith('█████░░░░░')).toBe(true);
  });

  it('clamps out-of-range percentages', () => {
    expect(renderProgressLine('finalizing', 140, 4)).toMatch(/^████ 100%/);
    expect(renderProgressLine('fetching_video', -3, 4)).toMatch(/^░░░░ {3}0%/);
  });
});

describe('download progress', () => {
  it('draws a bar with the share and megabytes, or the megabytes alone without a size', () => {
    expect(renderDownloadLine('whisper base', 512 * 1024, 1024 * 1024, 10)).toBe(
      '█████░░░░░  50%  whisper base  0.5/1.0 MB',
    );
    expect(renderDownloadLine('whisper base', 3 * 1024 * 1024, undefined)).toBe('whisper base  3.0 MB');
  });
});
