import { describe, expect, it } from 'vitest';
import { dominantTopic, highlightRelevance } from './relevance.ts';

const topics = [
  { id: 'a', kind: 'content' as const, interest: 'high' as const, start: 0, end: 60 },
  { id: 'b', kind: 'sponsor' as const, interest: 'low' as const, start: 60, end: 90 },
  { id: 'c', kind: 'content' as const, interest: 'low' as const, start: 90, end: 150 },
];

describe('highlightRelevance', () => {
  it('accepts a segment mostly inside a high-interest content topic', () => {
    expect(highlightRelevance({ start: 5, end: 50 }, topics)).toBe(true);
    expect(highlightRelevance({ start: 20, end: 65 }, topics)).toBe(true);
  });

  it('refuses sponsor reads, low-interest topics and straddles', () => {
    expect(highlightRelevance({ start: 60, end: 90 }, topics)).toBe(false);
    expect(highlightRelevance({ start: 95, end: 140 }, topics)).toBe(false);
    expect(highlightRelevance({ start: 40, end: 80 }, topics)).toBe(false);
    expect(highlightRelevance({ start: 10, end: 10 }, topics)).toBe(false);
  });
});

describe('dominantTopic', () => {
  it('names the topic covering most of the segment', () => {
    expect(dominantTopic({ start: 55, end: 85 }, topics)?.id).toBe('b');
    expect(dominantTopic({ start: 0, end: 150 }, topics)).toBeUndefined();
  });
});
