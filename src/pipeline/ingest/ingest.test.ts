import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../domain/errors.ts';
import { checkSourceDuration, clampWindow } from './window.ts';
import {
  downloadArgs,
  isYouTubeShortsUrl,
  isYouTubeUrl,
  parseDownloadPercent,
  parseYtDlpInfo,
  youTubeUrlProblem,
  youTubeVideoId,
} from './youtube.ts';
import { sourceKind } from './index.ts';

describe('clampWindow', () => {
  it('keeps a window inside the video', () => {
    expect(clampWindow(10, 50, 100)).toEqual({ start: 10, end: 50 });
    expect(clampWindow(undefined, undefined, 100)).toEqual({ start: 0, end: 100 });
  });

  it('clamps a window that runs past the end and reports the adjustment', () => {
    const { end, adjustment } = clampWindow(20, 500, 183.2);
    expect(end).toBe(183.2);
    expect(adjustment).toEqual({
      message: 'End time 500s exceeds video duration 183.2s; adjusted to 183.2s',
      original: { start: 20, end: 500 },
      adjusted: { start: 20, end: 183.2 },
      videoDuration: 183.2,
    });
  });

  it('refuses a start past the end', () => {
    expect(() => clampWindow(200, 300, 100)).toThrow(PipelineError);
  });

  it('refuses sources longer than five hours', () => {
    expect(() => checkSourceDuration(18_001)).toThrow('longer than 5 hours');
    expect(() => checkSourceDuration(18_000)).not.toThrow();
  });
});

describe('YouTube URLs', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ?t=42', 'dQw4w9WgXcQ'],
    ['https://m.youtube.com/watch?v=dQw4w9WgXcQ&list=x', 'dQw4w9WgXcQ'],
    ['https://www.youtube.com/embed/dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://www.youtube.com/live/dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
  ])('reads the video id of %s', (url, id) => {
    expect(youTubeVideoId(url)).toBe(id);
    expect(isYouTubeUrl(url)).toBe(true);
  });

  it('tells Shorts and non-video URLs apart', () => {
    expect(isYouTubeShortsUrl('https://www.youtube.com/shorts/dQw4w9WgXcQ')).toBe(true);
    expect(isYouTubeUrl('https://www.youtube.com/shorts/dQw4w9WgXcQ')).toBe(false);
    expect(isYouTubeUrl('https://www.youtube.com/channel/UC123')).toBe(false);
    expect(isYouTubeUrl('https://vimeo.com/123')).toBe(false);
    expect(isYouTubeUrl('https://evil.com/watch?v=dQw4w9WgXcQ')).toBe(false);
  });

  it('names the one problem of a URL that cannot be clipped as a YouTube video', () => {
    expect(youTubeUrlProblem('https://youtu.be/dQw4w9WgXcQ')).toBeUndefined();
    expect(youTubeUrlProblem('https://www.youtube.com/shorts/dQw4w9WgXcQ')).toMatch(
      /Shorts URLs cannot be clipped/,
    );
    expect(youTubeUrlProblem('https://www.youtube.com/channel/UC123')).toBe(
      'url must be a YouTube video URL',
    );
  });

  it('classifies sources', () => {
    expect(sourceKind('https://youtu.be/dQw4w9WgXcQ')).toBe('youtube');
    expect(sourceKind('https://cdn.example.com/a.mp4')).toBe('http');
    expect(sourceKind('/home/me/a.mp4')).toBe('file');
    expect(sourceKind('file:///home/me/a.mp4')).toBe('file');
  });

  it('downloads only the window, with captions', () => {
    const args = downloadArgs(
      'https://youtu.be/dQw4w9WgXcQ',
      60,
      180.5,
      '/w/source.%(ext)s',
      'en',
      '/opt/ff',
    );
    expect(args[args.indexOf('--ffmpeg-location') + 1]).toBe('/opt/ff');
    expect(args).toContain('--download-sections');
    expect(args[args.indexOf('--download-sections') + 1]).toBe('*60.000-180.500');
    // the window's streams are copied, not coded again
    expect(args).not.toContain('--force-keyframes-at-cuts');
    expect(args).toContain('--write-auto-subs');
    expect(args.at(-1)).toBe('https://youtu.be/dQw4w9WgXcQ');
  });

  it('parses yt-dlp metadata with its heatmap', () => {
    const info = parseYtDlpInfo(
      JSON.stringify({
        title: 'A talk',
        duration: 3600,
        heatmap: [
          { start_time: 0, end_time: 36, value: 1 },
          { start_time: 36, end_time: 72, value: 0.4 },
        ],
        automatic_captions: { 'en-orig': [], fr: [] },
      }),
      'en',
    );
    expect(info).toEqual({
      title: 'A talk',
      duration: 3600,
      heatmap: [
        { start: 0, end: 36, value: 1 },
        { start: 36, end: 72, value: 0.4 },
      ],
      hasCaptions: true,
    });
    expect(parseYtDlpInfo('{"duration": 5}', 'de').hasCaptions).toBe(false);
  });

  it('reads download progress lines', () => {
    expect(parseDownloadPercent('[download]  42.5% of 10.00MiB at 1.00MiB/s ETA 00:05')).toBeCloseTo(0.425);
    expect(parseDownloadPercent('[info] something')).toBeUndefined();
  });
});
