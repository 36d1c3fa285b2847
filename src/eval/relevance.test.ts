import { describe, expect, it } from 'vitest';
import { cutPointHits, dominantTopic, highlightRelevance, sectionPurity } from './relevance.ts';

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

describe('cut points and section purity', () => {
  it('counts the cut points within the tolerance of a true sentence edge', () => {
    const sentences = [
      { start: 1, end: 5 },
      { start: 6, end: 12 },
    ];
    expect(cutPointHits([{ start: 0.85, end: 12.3 }], sentences)).toEqual({ good: 2, total: 2 });
    expect(cutPointHits([{ start: 3, end: 5.2 }], sentences)).toEqual({ good: 1, total: 2 });
    expect(cutPointHits([], sentences)).toEqual({ good: 0, total: 0 });
  });

  it('measures the share of a segment inside its main topic', () => {
    expect(sectionPurity({ start: 10, end: 50 }, topics)).toBe(1);
    expect(sectionPurity({ start: 50, end: 70 }, topics)).toBe(0.5);
    expect(sectionPurity({ start: 5, end: 5 }, topics)).toBe(0);
  });
});
