import { describe, expect, it } from 'vitest';
import { renderProgressLine } from './progress-bar.ts';

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
