import { describe, expect, it } from 'vitest';
import { withCaptionEdits } from './caption-edits.ts';

describe('withCaptionEdits', () => {
  it('replaces the text of the words named by index and keeps their times', () => {
    const words = [
      { text: 'hello', start: 0, end: 0.4 },
      { text: 'word', start: 0.5, end: 0.9 },
    ];
    expect(withCaptionEdits(words, { '1': 'world' })).toEqual([
      { text: 'hello', start: 0, end: 0.4 },
      { text: 'world', start: 0.5, end: 0.9 },
    ]);
    expect(withCaptionEdits(words, undefined)).toEqual(words);
  });
});
