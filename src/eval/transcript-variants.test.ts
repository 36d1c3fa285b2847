import { describe, expect, it } from 'vitest';
import { parseSubtitles } from '../pipeline/transcribe/files.ts';
import type { SampleTruth } from '../sample/generate.ts';
import { seededRandom } from '../sample/random.ts';
import { truthToSrt } from '../sample/transcript-files.ts';
import { alignWords, normalizeWords } from './metrics.ts';
import { corruptWords, substituteWord } from './transcript-variants.ts';

const TEXT =
  'Every loaf we sell still carries a little of her kitchen in it. Warm water and patience turned my bricks into bread within a month. Nobody believed them, because the printed maps all agreed with each other.';
const words = TEXT.split(' ').map((text, i) => ({
  text,
  start: i * 0.5 + (i > 12 ? 0.6 : 0),
  end: i * 0.5 + 0.4 + (i > 12 ? 0.6 : 0),
}));
const many = Array.from({ length: 20 }, (_, round) =>
  words.map((w) => ({ ...w, start: w.start + round * 20, end: w.end + round * 20 })),
).flat();

describe('substituteWord', () => {
  it('picks another word of the talk alike in first letter and length, keeping case and punctuation', () => {
    const vocabulary = ['bread', 'bricks', 'bin', 'water'];
    const pick = substituteWord('Bread.', vocabulary, seededRandom(1));
    expect(pick).toMatch(/^B(ricks|in)\.$/);
    expect(substituteWord('water', ['water'], seededRandom(1))).toBe('water');
  });
});

describe('corruptWords', () => {
  it('makes about one word in ten wrong, with every kind of error, the same way for a seed', () => {
    const first = corruptWords(many, { seed: 3 });
    expect(corruptWords(many, { seed: 3 })).toEqual(first);
    expect(corruptWords(many, { seed: 4 }).words).not.toEqual(first.words);
    expect(first.substituted).toBeGreaterThan(0);
    expect(first.dropped).toBeGreaterThan(0);
    expect(first.inserted).toBeGreaterThan(0);
    const errors = first.substituted + first.dropped + first.inserted;
    expect(errors / many.length).toBeGreaterThan(0.06);
    expect(errors / many.length).toBeLessThan(0.14);
    const reference = many.flatMap((w) => normalizeWords(w.text));
    const hypothesis = first.words.flatMap((w) => normalizeWords(w.text));
    const alignment = alignWords(reference, hypothesis);
    const wer = (alignment.substitutions + alignment.deletions + alignment.insertions) / reference.length;
    expect(wer).toBeGreaterThan(0.05);
    expect(wer).toBeLessThan(0.15);
  });

  it('keeps times ordered, positive and inside the talk', () => {
    const { words: out } = corruptWords(many, { seed: 7, rate: 0.3 });
    for (const [i, word] of out.entries()) {
      expect(word.end).toBeGreaterThan(word.start);
      expect(word.start).toBeGreaterThanOrEqual(0);
      if (i > 0) expect(word.start).toBeGreaterThanOrEqual(out[i - 1].end - 1e-9);
    }
    expect(out.at(-1)!.end).toBeLessThanOrEqual(many.at(-1)!.end);
  });

  it('keeps the sentence ends when a sentence’s last word is dropped', () => {
    const { words: out } = corruptWords(many, { seed: 11, rate: 0.5 });
    const ends = (list: { text: string }[]) => list.filter((w) => /[.?!]$/.test(w.text)).length;
    expect(ends(out)).toBe(ends(many));
  });

  it('leaves the words alone at rate 0', () => {
    expect(corruptWords(words, { seed: 1, rate: 0 }).words).toEqual(words);
  });
});

describe('the true transcript as an SRT file', () => {
  it('gives one cue per sentence, whose words the project’s parser spreads over the sentence’s time', () => {
    const sentences = [
      { index: 0, text: 'Okay so this next one is a quick one.', start: 1.25, end: 3.5, topicId: 'a' },
      { index: 1, text: 'What is the most common mistake?', start: 4.125, end: 6, topicId: 'a' },
    ];
    const srt = truthToSrt({ sentences } as SampleTruth);
    expect(srt.match(/-->/g)).toHaveLength(2);
    const parsed = parseSubtitles(srt);
    expect(parsed.map((w) => w.text).join(' ')).toBe(sentences.map((s) => s.text).join(' '));
    const second = parsed.findIndex((w) => w.text === 'What');
    expect(parsed[0].start).toBeCloseTo(1.25, 3);
    expect(parsed[second - 1].end).toBeCloseTo(3.5, 3);
    expect(parsed[second].start).toBeCloseTo(4.125, 3);
    expect(parsed.at(-1)!.end).toBeCloseTo(6, 3);
  });
});
