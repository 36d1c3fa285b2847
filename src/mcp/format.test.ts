import { describe, expect, it } from 'vitest';
import { ApiCallError, type Status } from './client.ts';
import {
  formatCatalogue,
  formatCreated,
  formatError,
  formatRequests,
  formatShorts,
  formatStatus,
  formatWaited,
} from './format.ts';

const status = (fields: Partial<Status>): Status => ({
  _id: 'a'.repeat(24),
  status: 'processing',
  step: 'transcribing_audio',
  stepMessage: 'Analyzing video...',
  progress: 45,
  ...fields,
});

describe('MCP answer texts', () => {
  it('say what happened and what to call next', () => {
    expect(formatStatus(status({}))).toBe(
      `Request ${'a'.repeat(24)}: processing, 45% — Analyzing video... (step transcribing_audio).`,
    );
    expect(
      formatStatus(status({ status: 'failed', failureReason: 'The source has no audio track' })),
    ).toMatch(/\nFailure: The source has no audio track$/);
    expect(
      formatCreated({
        requestId: 'b'.repeat(24),
        status: 'queued',
        creditsUsed: 1,
        estimatedCompletionTime: '2026-01-01T00:01:00.000Z',
        timeAdjustment: { message: 'end clamped to 300' },
      }),
    ).toMatch(/queued \(1 credit\(s\) used\)[\s\S]*wait_for_completion[\s\S]*Note: end clamped to 300$/);
  });

  it('say a wait timed out, with or without a status to show', () => {
    expect(formatWaited('a'.repeat(24), status({}), true, 1)).toMatch(
      /^Request a{24}: processing, 45%.*\nStill not finished after 1 s; call wait_for_completion again/,
    );
    expect(formatWaited('c'.repeat(24), undefined, true, 1)).toBe(
      `Request ${'c'.repeat(24)}: the API did not tell its status within 1 s.\nStill not finished after 1 s; call wait_for_completion again to keep waiting.`,
    );
  });

  it("say when retention removed a short's files", () => {
    const text = formatShorts({
      _id: 'd'.repeat(24),
      status: 'completed',
      progress: 100,
      shorts: [
        {
          title: 'Old',
          duration: 20,
          startTimestamp: 0,
          endTimestamp: 20,
          viral_score: 50,
          video_url: null,
          thumbnail_url: null,
          expired_at: '2026-01-31T00:00:00.000Z',
        },
      ],
    });
    expect(text.split('\n')[2]).toBe(
      '   video: none (its files were removed by retention at 2026-01-31T00:00:00.000Z)',
    );
  });

  it('list shorts best first with their links, and pages with their totals', () => {
    const text = formatShorts({
      _id: 'c'.repeat(24),
      status: 'completed',
      progress: 100,
      title: 'A talk',
      shorts: [
        {
          title: 'Best',
          duration: 31.25,
          startTimestamp: 10,
          endTimestamp: 41.25,
          viral_score: 88,
          video_url: 'http://v/1',
        },
        {
          title: 'Next',
          duration: 20,
          startTimestamp: 60,
          endTimestamp: 80,
          viral_score: 70,
          video_url: 'http://v/2',
          reason: 'a hook',
        },
      ],
    });
    expect(text.split('\n')).toEqual([
      `Request ${'c'.repeat(24)}: completed, 100% — "A talk"; 2 short(s), best first.`,
      '1. "Best" — 31.3 s (10 s–41.3 s of the source), viral score 88',
      '   video: http://v/1',
      '2. "Next" — 20 s (60 s–80 s of the source), viral score 70',
      '   video: http://v/2',
      '   why: a hook',
    ]);
    expect(formatRequests({ requests: [], pagination: { page: 1, totalPages: 1, totalCount: 0 } })).toBe(
      'No requests. Page 1 of 1 (0 requests in all).',
    );
    expect(
      formatCatalogue('meme-hooks', {
        memeHooks: [{ name: 'Air Horn', video_duration: 3 }],
        pagination: { page: 1, totalPages: 1, totalCount: 1 },
      }),
    ).toBe(
      '"Air Horn" — 3 s\nPage 1 of 1 (1 meme hooks in all).\nNames are exact and case-sensitive: pass one as memeHookName (with memeHook: true) to create_short.',
    );
  });

  it('put the API error code first', () => {
    expect(formatError(new ApiCallError('insufficient_credits', 'No credits left'))).toBe(
      'insufficient_credits: No credits left',
    );
  });
});
