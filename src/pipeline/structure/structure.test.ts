import { describe, expect, it } from 'vitest';
import type { Word } from '../../domain/transcript.ts';
import { contentTokens, inverseDocumentFrequency, tfidf } from '../highlights/text.ts';
import { levelsBetween, loudnessEnvelope, quietestNear, refineOffsets } from './acoustics.ts';
import { isWordLike, meanEngineConfidence, transcriptConfidence, wordLikeRatio } from './confidence.ts';
import { cueMatch, sentenceCue, sentenceCues } from './cues.ts';
import { editDistance, soundKey } from './sound-alike.ts';
import { BEDDED_TAIL_SECONDS, LEAD_IN_SECONDS, snapEnd, snapStart, TAIL_SECONDS } from './cuts.ts';
import { pauseStatistics, PRIOR_PAUSES, sentencePauseEvidence } from './pauses.ts';
import {
  detectSections,
  edgeStrengths,
  lexicalShift,
  longPauseEvidence,
  longPauseThreshold,
} from './sections.ts';
import {
  boundaryStrength,
  layoutFromWords,
  segmentSentences,
  tidySentenceText,
  wordsInSpeech,
} from './sentences.ts';

const w = (text: string, start: number, end: number, confidence?: number): Word => ({
  text,
  start,
  end,
  ...(confidence === undefined ? {} : { confidence }),
});

describe('pause statistics', () => {
  it('learns where this speaker’s short pauses end and the long ones begin', () => {
    const fast = pauseStatistics([0.12, 0.15, 0.14, 0.13, 0.3, 0.32, 0.35, 0.28, 0.16, 0.31]);
    const slow = pauseStatistics([0.3, 0.35, 0.32, 0.28, 0.8, 0.9, 0.85, 0.75, 0.33, 0.95]);
    expect(fast.threshold).toBeGreaterThan(0.16);
    expect(fast.threshold).toBeLessThan(0.28);
    expect(slow.threshold).toBeGreaterThan(0.35);
    expect(slow.threshold).toBeLessThan(0.75);
    // the same 0.4 s pause ends a sentence for the fast speaker, not for the slow one
    expect(sentencePauseEvidence(0.4, fast)).toBeGreaterThan(0.8);
    expect(sentencePauseEvidence(0.4, slow)).toBeLessThan(0.5);
  });

  it('keeps a prior until it has heard enough, and a plausible range', () => {
    expect(pauseStatistics([0.3, 0.9])).toEqual(PRIOR_PAUSES);
    expect(pauseStatistics(Array(20).fill(3)).threshold).toBeLessThanOrEqual(0.9);
    expect(sentencePauseEvidence(0, PRIOR_PAUSES)).toBe(0);
  });
});

describe('sentence boundaries', () => {
  it('weighs the evidence that is there', () => {
    expect(boundaryStrength({ pause: 1 })).toBe(1);
    expect(boundaryStrength({ pause: 1, words: 0, punctuation: 1 })).toBeCloseTo(0.8);
    expect(boundaryStrength({ pause: 0.2, words: 0.2, punctuation: 0.05 })).toBeLessThan(0.5);
  });

  it('splits at terminal punctuation and at pauses when there is none, and tidies the text', () => {
    const punctuated = segmentSentences([
      w('Hi', 0, 0.2),
      w('there.', 0.3, 0.6),
      w('How', 1, 1.2),
      w('are', 1.3, 1.4),
      w('you?', 1.5, 1.8),
    ]);
    expect(punctuated.sentences.map((s) => s.text)).toEqual(['Hi there.', 'How are you?']);
    expect(punctuated.sentences[1]).toMatchObject({ index: 1, start: 1, end: 1.8 });
    expect(punctuated.boundaries).toHaveLength(1);
    const bare = segmentSentences([
      w('so', 0, 0.2),
      w('it', 0.25, 0.4),
      w('works', 0.45, 0.8),
      w('then', 1.5, 1.7),
      w('stop', 1.75, 2),
    ]);
    expect(bare.sentences.map((s) => s.text)).toEqual(['So it works.', 'Then stop.']);
    expect(tidySentenceText([w('wow!', 0, 1)])).toBe('Wow!');
  });

  it('follows the heard pauses and speech edges, whatever words the recogniser put there', () => {
    // three sentences of speech: 0.5–3, 3.8–6 (a comma pause at 5) and 6.9–9; the recogniser's words are wrong,
    // loosely timed and run over the real pause at 3–3.8 with no gap of their own
    const layout = {
      regions: [
        { start: 0.5, end: 3 },
        { start: 3.8, end: 5 },
        { start: 5.2, end: 6 },
        { start: 6.9, end: 9 },
      ],
      pauses: [
        { start: 3, end: 3.8, duration: 0.8 },
        { start: 5, end: 5.2, duration: 0.2 },
        { start: 6, end: 6.9, duration: 0.9 },
      ],
    };
    const garbage = [
      w('cold', 0.6, 1.6, 0.3),
      w('stars', 1.6, 3.4, 0.2),
      w('wheel', 3.4, 5.1, 0.4),
      w('of', 5.1, 6.1, 0.3),
      w('tea', 7, 8.9, 0.5),
    ];
    const { sentences, boundaries } = segmentSentences(garbage, layout);
    expect(sentences.map((s) => [s.start, s.end])).toEqual([
      [0.5, 3],
      [3.8, 6],
      [6.9, 9],
    ]);
    expect(boundaries.map((b) => [b.start, b.end])).toEqual([
      [3, 3.8],
      [6, 6.9],
    ]);
    expect(sentences.flatMap((s) => s.words)).toHaveLength(5);
  });

  it('ends a sentence at its punctuation even when the speaker runs on without a pause', () => {
    const words = [w('It', 0, 0.2), w('works.', 0.25, 0.6), w('Then', 0.62, 0.8), w('more', 0.85, 1.1)];
    const { sentences } = segmentSentences(words, { regions: [{ start: 0, end: 1.1 }], pauses: [] });
    expect(sentences.map((s) => s.text)).toEqual(['It works.', 'Then more.']);
  });

  it('bounds very long runs at their strongest pause and leaves out speech with no words', () => {
    // 60 words in 18 s with no pause long enough to end a sentence, the longest one after word 22
    const words = Array.from({ length: 60 }, (_, i) =>
      w(`w${i}`, i * 0.3 + (i >= 22 ? 0.3 : 0), i * 0.3 + 0.25 + (i >= 22 ? 0.3 : 0)),
    );
    const { sentences } = segmentSentences(words);
    expect(sentences[0].words).toHaveLength(22);
    expect(sentences.flatMap((s) => s.words)).toHaveLength(60);
    const layout = {
      regions: [
        { start: 0, end: 1 },
        { start: 3, end: 4 },
      ],
      pauses: [{ start: 1, end: 3, duration: 2 }],
    };
    expect(segmentSentences([w('alone', 0.2, 0.8)], layout).sentences).toHaveLength(1);
    expect(segmentSentences([], layout).sentences).toEqual([]);
    // words where nothing was heard are the recogniser's inventions
    expect(
      wordsInSpeech([w('real', 0.2, 0.8), w('ghost', 1.6, 2.2)], layout.regions).map((x) => x.text),
    ).toEqual(['real']);
    expect(segmentSentences([w('ghost', 1.6, 2.2)], { regions: [], pauses: [] }).sentences).toEqual([]);
    expect(layoutFromWords([w('a', 0, 1), w('b', 1.05, 2), w('c', 3, 4)]).pauses).toEqual([
      { start: 2, end: 3, duration: 1 },
    ]);
  });
});

describe('sections', () => {
  it('finds the speaker’s long pauses relative to their own sentence pauses', () => {
    const durations = [0.5, 0.6, 0.4, 0.7, 1.6, 0.5, 0.45, 0.65, 1.8, 0.55, 0.6, 0.5];
    const threshold = longPauseThreshold(durations);
    expect(threshold).toBeGreaterThan(0.7);
    expect(threshold).toBeLessThan(1.6);
    const evidence = longPauseEvidence(durations);
    expect(evidence[4]).toBeGreaterThan(0.9);
    expect(evidence[8]).toBeGreaterThan(0.9);
    expect(Math.max(...evidence.filter((_, i) => i !== 4 && i !== 8))).toBeLessThan(0.1);
    // evenly spaced sentences have no long pauses
    expect(Math.max(...longPauseEvidence(Array(12).fill(0.5)))).toBeLessThan(0.5);
    expect(longPauseEvidence([1, 2])).toEqual([0, 0]);
  });

  it('measures where the vocabulary changes', () => {
    const texts = [
      'bees dance honey',
      'bees honey flowers',
      'honey bees hive',
      'glaciers ice snow',
      'ice glaciers melt',
      'snow glaciers ice',
    ];
    const documents = texts.map(contentTokens);
    const idf = inverseDocumentFrequency(documents);
    const shift = lexicalShift(documents.map((d) => tfidf(d, idf)));
    expect(shift.indexOf(Math.max(...shift))).toBe(2);
  });

  it('divides a talk at strong edges into sections of at least two sentences', () => {
    const sentences = Array.from({ length: 8 }, (_, i) => ({ start: i * 5, end: i * 5 + 4 }));
    const sections = detectSections(sentences, [0.1, 0.9, 0.2, 0.8, 0.95, 0.1, 0.2]);
    // the strongest edges first (after sentences 4 and 1); the one after 3 would leave a one-sentence section
    expect(sections.map((s) => [s.first, s.last])).toEqual([
      [0, 1],
      [2, 4],
      [5, 7],
    ]);
    expect(detectSections([], [])).toEqual([]);
  });

  it('combines long pauses, vocabulary and scene cuts, and ignores weak sentence boundaries', () => {
    const boundaries = [0.5, 0.6, 1.9, 0.5, 0.55, 0.45, 0.6].map((d, i) => ({
      start: i * 5 + 4,
      end: i * 5 + 4 + d,
      strength: i === 5 ? 0.2 : 0.9,
    }));
    const vectors = Array.from({ length: 8 }, () => new Map<string, number>());
    const plain = edgeStrengths({ boundaries, vectors, textConfidence: 0 });
    expect(plain[2]).toBeGreaterThan(0.8);
    // a cut was looked for in pauses 2 and 5 and found in 5 (a weak sentence boundary); nobody looked elsewhere
    const looked = [boundaries[2], boundaries[5]].map((b) => ({ start: b.start - 0.1, end: b.end + 0.1 }));
    const withCut = edgeStrengths({
      boundaries,
      vectors,
      textConfidence: 0,
      scenes: { looked, cuts: [29.2] },
    });
    expect(withCut[5]).toBeLessThan(0.3);
    expect(withCut[5]).toBeGreaterThan(plain[5]);
    expect(withCut[2]).toBeLessThan(plain[2]);
    expect(withCut[0]).toBe(plain[0]);
  });
});

describe('cut points', () => {
  it('leads in before the speech onset and tails after the offset, inside the pause', () => {
    expect(snapStart(10, 9, undefined)).toBeCloseTo(10 - LEAD_IN_SECONDS);
    expect(snapEnd(10, 11, 60, undefined)).toBeCloseTo(10 + TAIL_SECONDS);
    // a 0.3 s pause: the cut keeps a third of it for the neighbour
    expect(snapStart(10, 9.7, undefined)).toBeCloseTo(9.85);
    expect(snapStart(10, 9.85, undefined)).toBeCloseTo(9.9);
    expect(snapEnd(10, 10.3, 60, undefined)).toBeCloseTo(10.2);
    // window edges
    expect(snapStart(0.1, undefined, undefined)).toBe(0);
    expect(snapEnd(59.9, undefined, 60, undefined)).toBe(60);
    // under a music bed the tail is short: the word's decay is masked and the offset runs late
    const bed = { stepSeconds: 0.02, db: Array.from({ length: 3000 }, () => -36) };
    expect(snapEnd(10, 11.5, 60, bed)).toBeCloseTo(10 + BEDDED_TAIL_SECONDS, 1);
    const silent = { stepSeconds: 0.02, db: Array.from({ length: 3000 }, () => -90) };
    expect(snapEnd(10, 11.5, 60, silent)).toBeCloseTo(10 + TAIL_SECONDS, 1);
  });

  it('moves a cut off a breath to the quietest instant nearby', () => {
    // room tone at −60 dB with a breath at −30 dB from 9.80 to 9.90 s, speech from 10 s
    const db = Array.from({ length: 600 }, (_, i) => {
      const t = i * 0.02;
      if (t >= 10) return -12;
      return t >= 9.8 && t < 9.9 ? -30 : -60;
    });
    const envelope = { stepSeconds: 0.02, db };
    const cut = snapStart(10, 9, envelope);
    expect(cut < 9.8 || cut >= 9.9).toBe(true);
    expect(Math.abs(cut - 9.85)).toBeLessThan(0.2);
    expect(quietestNear(envelope, 5, 4, 6)).toBe(5);
  });

  it('moves a late speech offset back to where the voice falls to the pause’s floor', () => {
    // speech at −15 dB until 5.00 s, then a music bed at −35 dB; the detector let go at 5.24 s
    const db = Array.from({ length: 400 }, (_, i) => (i * 0.02 < 5 ? -15 : -35));
    const envelope = { stepSeconds: 0.02, db };
    const [refined] = refineOffsets([{ start: 2, end: 5.24 }], envelope);
    expect(refined.end).toBeCloseTo(5, 1);
    // never later, and left alone when speech hardly stands out
    const flat = { stepSeconds: 0.02, db: Array(400).fill(-30) };
    expect(refineOffsets([{ start: 2, end: 5.24 }], flat)).toEqual([{ start: 2, end: 5.24 }]);
  });

  it('measures loudness in short steps', () => {
    const samples = new Float32Array(1600).fill(0.5);
    samples.fill(0, 800);
    const envelope = loudnessEnvelope(samples, 16000, 0.05);
    expect(envelope.db).toEqual([-6, -100]);
    expect(levelsBetween(envelope, 0, 0.05)).toEqual([-6]);
  });
});

describe('housekeeping, sponsor and outro cues', () => {
  it('folds similar sounds together', () => {
    expect(soundKey('subscribe')).toBe(soundKey('subskribe'));
    expect(soundKey('phone')).toBe(soundKey('fone'));
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('matches cue phrases as they sound, split or misspelled by a recogniser', () => {
    expect(cueMatch('hit the subscribe button', 'housekeeping')).toBe(1);
    // a phrase said word for word matches exactly, however its words' sounds run together
    expect(cueMatch('You are listening to Zero to Payroll', 'intro')).toBe(1);
    expect(cueMatch('and sub scribed to the channel', 'housekeeping')).toBeGreaterThan(0.75);
    expect(cueMatch('this video is sponsor bye cloud notes', 'sponsor')).toBeGreaterThan(0.75);
    expect(cueMatch('the link is in the descriptions', 'sponsor')).toBeGreaterThan(0.75);
    expect(cueMatch('thanks four watching everyone', 'outro')).toBeGreaterThan(0.75);
    expect(sentenceCue('Before we begin, a quick reminder.')?.kind).toBe('housekeeping');
  });

  it('leaves ordinary content alone', () => {
    for (const text of [
      'Glaciers carved the fjords of Norway.',
      'The second best time is today.',
      'Within fifty years Europe had printed twenty million books.',
      'Sleep moves memories into long term storage.',
    ]) {
      expect(sentenceCue(text)).toBeUndefined();
    }
  });
});

describe('transcript confidence', () => {
  it('tells word-like tokens from noise', () => {
    expect(isWordLike('hello')).toBe(true);
    expect(isWordLike("don't")).toBe(true);
    expect(isWordLike('Größe')).toBe(true);
    expect(isWordLike('20%')).toBe(true);
    expect(isWordLike('xkcdq')).toBe(false);
    expect(isWordLike('aaaaah')).toBe(false);
    expect(isWordLike('♪♪')).toBe(false);
    expect(wordLikeRatio([w('a', 0, 1), w('♪', 1, 2)])).toBe(0.5);
  });

  it('combines the engine’s own confidences with how word-like the tokens are', () => {
    const sure = [w('the', 0, 1, 0.95), w('bees', 1, 2, 0.9)];
    const unsure = [w('the', 0, 1, 0.3), w('bees', 1, 2, 0.4)];
    expect(meanEngineConfidence(sure)).toBeCloseTo(0.925);
    expect(meanEngineConfidence([w('a', 0, 1)])).toBeUndefined();
    expect(transcriptConfidence(sure)).toBeGreaterThan(0.85);
    expect(transcriptConfidence(unsure)).toBeLessThan(0.4);
    expect(transcriptConfidence([w('Supplied', 0, 1), w('text', 1, 2)])).toBe(0.9);
    expect(transcriptConfidence([w('♪♪', 0, 1), w('♪', 1, 2)])).toBe(0);
    expect(transcriptConfidence([])).toBe(0);
  });
});

describe('the cue each sentence carries', () => {
  const at = (text: string, start: number) => ({ text, start, end: start + 4 });
  const sentences = [
    at('Welcome to the show, I am your host.', 1),
    at('In most languages a thousand words cover eighty percent of everyday speech.', 6),
    at('Learn those first.', 11),
    at('Use code talk for twenty percent off your first year.', 16),
    at('The link is in the show notes.', 21),
    at('Welcome to the show, said nobody at the end.', 90),
  ];

  it('takes loose sound-alike matches in trusted words only beside a cue of their kind', () => {
    const cues = sentenceCues(sentences, { windowDuration: 100, confidence: 0.9 });
    expect(cues.map((cue) => cue?.kind)).toEqual([
      'intro',
      undefined,
      undefined,
      'sponsor',
      'housekeeping',
      undefined,
    ]);
    const weak = sentenceCues(sentences, { windowDuration: 100, confidence: 0.5 });
    expect(weak[1]?.kind).toBe('sponsor');
    // "call everyone" sounds a little like "hello everyone": a greeting must be a sure match
    expect(
      sentenceCues([at('So let me start with the call everyone still talks about.', 1)], {
        windowDuration: 100,
        confidence: 0.9,
      }),
    ).toEqual([undefined]);
  });

  it('takes a close match of a phrase of three words or more on its own, even in trusted words', () => {
    const cues = sentenceCues([at('Quick word from people who help us make this show.', 40)], {
      windowDuration: 100,
      confidence: 0.9,
    });
    expect(cues[0]).toMatchObject({ kind: 'sponsor', phrase: 'a quick word from' });
    expect(cues[0]!.strength).toBeLessThan(1);
  });

  it('adds the phrases heard in the audio', () => {
    const cues = sentenceCues([at('Sponge bird by cloud nodes.', 30)], {
      windowDuration: 100,
      confidence: 0.4,
      spoken: [{ kind: 'sponsor', phrase: 'sponsored by', start: 30.2, end: 31 }],
    });
    expect(cues[0]).toEqual({ kind: 'sponsor', strength: 1, phrase: 'sponsored by', heard: true });
  });
});
