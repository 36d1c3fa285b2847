import { describe, expect, it } from 'vitest';
import {
  asidesOffered,
  clipsFirstWord,
  clipsLastWord,
  junkInTopHalf,
  junkShare,
  opensOnHook,
  scoreStories,
  storiesBeforeRepeat,
  storyOfShort,
  titleProblem,
  wordsInside,
} from './stories.ts';

// A hand-made talk: intro (0–4 s), story A (5–20 s, hook is its second sentence at 8 s), sponsor (21–28 s),
// story B (29–40 s, hook is its first sentence at 29 s).
const sentences = [
  { start: 0, end: 4, kind: 'intro' as const },
  { start: 5, end: 7.5, kind: 'content' as const },
  { start: 8, end: 12, kind: 'content' as const },
  { start: 12.5, end: 20, kind: 'content' as const },
  { start: 21, end: 28, kind: 'sponsor' as const },
  { start: 29, end: 33, kind: 'content' as const },
  { start: 33.5, end: 40, kind: 'content' as const },
];
const stories = [
  { id: 'a', hook: 2, start: 5, end: 20 },
  { id: 'b', hook: 5, start: 29, end: 40 },
];
const words = [
  { text: 'So,', start: 5, end: 5.4 },
  { text: 'listen.', start: 5.5, end: 7.5 },
  { text: 'Nobody', start: 8, end: 8.4 },
  { text: 'knew', start: 8.5, end: 8.8 },
  { text: 'twenty', start: 8.9, end: 9.3 },
  { text: 'percent.', start: 9.4, end: 12 },
];

describe('storyOfShort', () => {
  it('picks the story covering most of the short', () => {
    expect(storyOfShort({ start: 18, end: 35 }, stories)?.id).toBe('b');
    expect(storyOfShort({ start: 10, end: 24 }, stories)?.id).toBe('a');
    expect(storyOfShort({ start: 21, end: 28 }, stories)).toBeUndefined();
  });
});

describe('opensOnHook', () => {
  it('accepts a start up to 0.5 s before the hook’s first word and not after it', () => {
    expect(opensOnHook({ start: 8, end: 20 }, stories, sentences)).toBe(true);
    expect(opensOnHook({ start: 7.5, end: 20 }, stories, sentences)).toBe(true);
    expect(opensOnHook({ start: 7.4, end: 20 }, stories, sentences)).toBe(false);
    expect(opensOnHook({ start: 8.05, end: 20 }, stories, sentences)).toBe(false);
  });

  it('does not count a short that starts on the lead-in', () => {
    expect(opensOnHook({ start: 5, end: 20 }, stories, sentences)).toBe(false);
  });

  it('judges the hook of the story the short mostly covers', () => {
    expect(opensOnHook({ start: 28.7, end: 40 }, stories, sentences)).toBe(true);
    expect(opensOnHook({ start: 8, end: 9 }, stories, sentences)).toBe(true);
    expect(opensOnHook({ start: 21, end: 28 }, stories, sentences)).toBe(false);
  });
});

describe('storiesBeforeRepeat', () => {
  it('counts distinct stories until the first repeat', () => {
    const shorts = [
      { start: 8, end: 20 },
      { start: 8, end: 12 },
      { start: 29, end: 40 },
    ];
    expect(storiesBeforeRepeat(shorts, stories)).toEqual({ covered: 1, total: 2, allBeforeRepeat: false });
  });

  it('says yes when every story comes before any repeat, skipping shorts in no story', () => {
    const shorts = [
      { start: 21, end: 28 },
      { start: 29, end: 40 },
      { start: 8, end: 20 },
      { start: 30, end: 33 },
    ];
    expect(storiesBeforeRepeat(shorts, stories)).toEqual({ covered: 2, total: 2, allBeforeRepeat: true });
  });

  it('says no when stories are missing even without a repeat', () => {
    expect(storiesBeforeRepeat([{ start: 8, end: 20 }], stories).allBeforeRepeat).toBe(false);
  });
});

describe('clipped words', () => {
  it('flags a start inside a word but not one at its onset or in a pause', () => {
    expect(clipsFirstWord({ start: 8.6, end: 12 }, words)).toBe(true);
    expect(clipsFirstWord({ start: 8.01, end: 12 }, words)).toBe(false);
    expect(clipsFirstWord({ start: 7.7, end: 12 }, words)).toBe(false);
  });

  it('flags an end inside a word but not one at its end', () => {
    expect(clipsLastWord({ start: 5, end: 9.6 }, words)).toBe(true);
    expect(clipsLastWord({ start: 5, end: 11.99 }, words)).toBe(false);
    expect(clipsLastWord({ start: 5, end: 12.2 }, words)).toBe(false);
  });
});

describe('titleProblem', () => {
  const said = ['Nobody', 'knew', 'twenty', 'percent.'];
  it('keeps a short title made of the short’s own words, numbers spelled or not', () => {
    expect(titleProblem('Nobody knew 20%', said)).toBeUndefined();
    expect(titleProblem('“Nobody knew!”', said)).toBeUndefined();
  });

  it('rejects ellipses, long titles, continuations and words from elsewhere', () => {
    expect(titleProblem('Nobody knew…', said)).toBe('ellipsis');
    expect(titleProblem('Nobody knew...', said)).toBe('ellipsis');
    expect(titleProblem(`Nobody ${'knew '.repeat(12)}`, said)).toBe('too long');
    expect(titleProblem('knew twenty percent', said)).toBe('starts mid-sentence');
    expect(titleProblem('Nobody knew the secret', said)).toMatch(/not said.*the secret/);
  });
});

describe('wordsInside', () => {
  it('takes the words whose middle lies in the short', () => {
    expect(wordsInside({ start: 8, end: 9.2 }, words)).toEqual(['Nobody', 'knew', 'twenty']);
  });
});

describe('junk', () => {
  it('measures the share of speech in intro, cold open, housekeeping, sponsor and outro', () => {
    expect(junkShare({ start: 0, end: 7.5 }, sentences)).toBeCloseTo(4 / 6.5);
    expect(junkShare({ start: 8, end: 20 }, sentences)).toBe(0);
    expect(junkShare({ start: 0, end: 7.5 }, sentences, new Set(['sponsor']))).toBe(0);
    expect(junkShare({ start: 20, end: 30 }, sentences, new Set(['sponsor']))).toBeCloseTo(7 / 8);
  });

  it('counts junk shorts only in the first ceil(n/2) ranks', () => {
    const shorts = [
      { start: 8, end: 20 },
      { start: 20.5, end: 30 },
      { start: 29, end: 40 },
      { start: 0, end: 5 },
      { start: 0, end: 4 },
    ];
    expect(junkInTopHalf(shorts, sentences)).toBe(1);
  });

  it('counts the shorts that lie mostly in an aside, a passage with no story', () => {
    const withAside = [...sentences, { start: 41, end: 50, kind: 'aside' as const }];
    expect(
      asidesOffered(
        [
          { start: 41, end: 50 },
          { start: 34, end: 45 },
          { start: 8, end: 20 },
        ],
        withAside,
      ),
    ).toBe(1);
    expect(asidesOffered([{ start: 8, end: 20 }], withAside)).toBe(0);
  });
});

describe('scoreStories', () => {
  it('gathers every figure for one talk', () => {
    const shorts = [
      { start: 8, end: 20, title: 'Nobody knew twenty percent' },
      { start: 21, end: 28, title: 'Sponsor…' },
      { start: 5, end: 12, title: 'So, listen' },
    ];
    const score = scoreStories(shorts, { words, sentences, stories }, words);
    expect(score).toMatchObject({
      shorts: 3,
      stories: 2,
      storyIds: ['a', null, 'a'],
      opensOnHook: 1,
      openingRanks: [0],
      coverage: { covered: 1, total: 2, allBeforeRepeat: false },
      clippedFirstWords: 0,
      clippedLastWords: 0,
      keptTitles: 2,
      junkInTopHalf: 1,
      asidesOffered: 0,
    });
    expect(score.titleProblems).toEqual([
      { rank: 1, title: 'Sponsor…', problem: 'ellipsis; words not said in the short: sponsor' },
    ]);
  });
});
