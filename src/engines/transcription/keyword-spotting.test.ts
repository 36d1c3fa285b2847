import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../domain/errors.ts';
import { runProcess } from '../../media/process.ts';
import { CUES } from '../../domain/cues.ts';
import { sentenceCuesFromSpotting } from '../../pipeline/structure/cues.ts';
import { needsSpokenCues, spotsCuesForCertain } from '../../pipeline/run.ts';
import { DEFAULT_CLIP_OPTIONS } from '../../domain/options.ts';
import {
  CONTENT_SENTENCES,
  CUE_SENTENCES,
  spokenTalk,
  talk,
  type TimedSentence,
} from '../../../test/helpers/cue-speech.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';
import {
  cuePhrases,
  keywordListFile,
  keywordPhrases,
  keywordSpottingArgs,
  MIN_PHONES,
  parseKeywordSpottingOutput,
  phoneCounts,
  spotCues,
  thresholdFor,
  type KeywordPhrase,
  type SpokenCue,
} from './keyword-spotting.ts';
import { POCKETSPHINX_MODEL_DIR } from './pocketsphinx.ts';

const DICTIONARY = `${POCKETSPHINX_MODEL_DIR}/cmudict-en-us.dict`;

describe('keyword-spotting builders', () => {
  it('lists every transcript cue but the greetings once, normalised, with the spoken-only phrases after them', () => {
    const phrases = cuePhrases();
    const names = phrases.map(({ phrase }) => phrase);
    expect(new Set(names).size).toBe(names.length);
    for (const kind of ['housekeeping', 'sponsor', 'outro'] as const)
      for (const phrase of CUES[kind]) expect(phrases).toContainEqual({ kind, phrase: phrase.toLowerCase() });
    // greetings are not listened for: where they are, not what they sound like, marks an intro
    expect(phrases.filter(({ kind }) => kind === 'intro')).toEqual([]);
    expect(phrases).toContainEqual({ kind: 'sponsor', phrase: 'brought to you by' });
    expect(phrases).toContainEqual({ kind: 'outro', phrase: 'thanks for listening' });
  });

  it('counts phones of each word’s first pronunciation and keeps only the words asked for', () => {
    const dictionary = [
      'code K OW D',
      'code(2) K OW D D',
      'use Y UW Z',
      'use(2) Y UW S',
      'other AH DH ER',
      '',
    ].join('\n');
    expect(phoneCounts(dictionary, new Set(['code', 'use', 'missing']))).toEqual(
      new Map([
        ['code', 3],
        ['use', 3],
      ]),
    );
  });

  it('gives longer phrases lower thresholds and drops unknown, short and confusable phrases', () => {
    const phones = new Map([
      ['use', 3],
      ['code', 3],
      ['free', 3],
      ['trial', 5],
      ['so', 2],
      ['housekeeping', 8],
    ]);
    const { phrases, dropped } = keywordPhrases(phones, [
      { kind: 'sponsor', phrase: 'use code' },
      { kind: 'sponsor', phrase: 'free trial' },
      { kind: 'sponsor', phrase: 'use promo' },
      { kind: 'outro', phrase: 'so' },
      { kind: 'housekeeping', phrase: 'housekeeping' },
    ]);
    expect(phrases).toEqual([
      { kind: 'sponsor', phrase: 'use code', threshold: thresholdFor(6) },
      { kind: 'sponsor', phrase: 'free trial', threshold: thresholdFor(8) },
    ]);
    expect(thresholdFor(8)).toBeLessThan(thresholdFor(6));
    expect(dropped).toEqual([
      { phrase: 'use promo', reason: 'unknown word' },
      { phrase: 'so', reason: 'too short' },
      { phrase: 'housekeeping', reason: 'confusable' },
    ]);
    expect(MIN_PHONES).toBeGreaterThan(2);
  });

  it.skipIf(!existsSync(DICTIONARY))('finds every word of every cue phrase in cmudict-en-us', async () => {
    const phrases = cuePhrases();
    const words = new Set(phrases.flatMap(({ phrase }) => phrase.split(' ')));
    const phones = phoneCounts(await readFile(DICTIONARY, 'utf8'), words);
    expect([...words].filter((word) => !phones.has(word))).toEqual([]);
    const { phrases: kept, dropped } = keywordPhrases(phones);
    expect(dropped.filter(({ reason }) => reason === 'unknown word')).toEqual([]);
    expect(kept.length).toBeGreaterThan(30);
  });

  it('writes one phrase a line with its threshold between slashes', () => {
    expect(
      keywordListFile([
        { kind: 'sponsor', phrase: 'sponsored by', threshold: 1e-27 },
        { kind: 'outro', phrase: "that's all for today", threshold: 1e-39 },
      ]),
    ).toBe("sponsored by /1e-27/\nthat's all for today /1e-39/\n");
  });

  it('runs the keyword search on the wav with detection times and no log', () => {
    const args = keywordSpottingArgs('/w/a.wav', '/w/cues.kws', '/m');
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect(value('-infile')).toBe('/w/a.wav');
    expect(value('-kws')).toBe('/w/cues.kws');
    expect(value('-time')).toBe('yes');
    expect(value('-dict')).toBe('/m/cmudict-en-us.dict');
    expect(value('-hmm')).toBe('/m/en-us');
    expect(value('-logfn')).toBe('/dev/null');
    expect(args).not.toContain('-lm');
  });

  it('parses detections as pocketsphinx_continuous 0.8+5prealpha prints them, in time order', () => {
    const phrases: KeywordPhrase[] = [
      { kind: 'housekeeping', phrase: 'subscribe', threshold: 1e-24 },
      { kind: 'sponsor', phrase: 'use code', threshold: 1e-18 },
      { kind: 'outro', phrase: "that's all for today", threshold: 1e-39 },
    ];
    // one stretch of speech: the phrases found on one line, then a line per detection (phrase, start, end, conf)
    const output = [
      'subscribe  use code ',
      'subscribe  11.030 11.690 0.838014',
      'use code  4.020 4.580 0.842131',
      "that's all for today  20.5 21.75 0.5",
      'unlisted phrase  1.0 2.0 0.9',
      '',
    ].join('\n');
    expect(parseKeywordSpottingOutput(output, phrases)).toEqual<SpokenCue[]>([
      { kind: 'sponsor', phrase: 'use code', start: 4.02, end: 4.58 },
      { kind: 'housekeeping', phrase: 'subscribe', start: 11.03, end: 11.69 },
      { kind: 'outro', phrase: "that's all for today", start: 20.5, end: 21.75 },
    ]);
    expect(parseKeywordSpottingOutput('', phrases)).toEqual([]);
  });
});

describe('sentenceCuesFromSpotting', () => {
  const sentences = [
    { start: 0, end: 4 },
    { start: 4.5, end: 9 },
    { start: 9.5, end: 12 },
  ];

  it('gives a sentence the kind of the phrases heard mostly inside it', () => {
    const hits: SpokenCue[] = [
      { kind: 'sponsor', phrase: 'use code', start: 5, end: 5.6 },
      // three quarters inside the third sentence
      { kind: 'outro', phrase: 'thanks for watching', start: 9, end: 11 },
    ];
    expect(sentenceCuesFromSpotting(sentences, hits)).toEqual([
      undefined,
      { kind: 'sponsor', strength: 1, phrase: 'use code', heard: true },
      { kind: 'outro', strength: 0.75, phrase: 'thanks for watching', heard: true },
    ]);
  });

  it('ignores a phrase mostly outside a sentence and prefers the phrase wholly inside', () => {
    const hits: SpokenCue[] = [
      { kind: 'housekeeping', phrase: 'subscribe', start: 3.5, end: 4.6 },
      { kind: 'sponsor', phrase: 'free trial', start: 1, end: 1.7 },
    ];
    expect(sentenceCuesFromSpotting(sentences, hits)).toEqual([
      { kind: 'sponsor', strength: 1, phrase: 'free trial', heard: true },
      undefined,
      undefined,
    ]);
    expect(sentenceCuesFromSpotting(sentences, [])).toEqual([undefined, undefined, undefined]);
  });
});

describe('needsSpokenCues', () => {
  const word = (text: string, confidence?: number) => ({ text, start: 0, end: 0.3, confidence });

  it('listens for cues under pocketsphinx transcripts and untrusted English ones only', () => {
    const good = [word('the', 0.95), word('river', 0.9), word('valley', 0.92)];
    expect(needsSpokenCues({ language: 'en', engine: 'pocketsphinx', words: good })).toBe(true);
    expect(needsSpokenCues({ language: 'en', engine: 'whisper', words: good })).toBe(false);
    expect(
      needsSpokenCues({ language: 'en', engine: 'whisper', words: [word('the', 0.3), word('rvr', 0.2)] }),
    ).toBe(true);
    expect(needsSpokenCues({ language: 'de', engine: 'pocketsphinx', words: good })).toBe(false);
  });

  it('is known before the transcript only where the transcript will certainly want the cues', () => {
    const whisperByDefault = { transcriber: 'whisper' as const };
    const options = { ...DEFAULT_CLIP_OPTIONS, transcriber: 'pocketsphinx' as const };
    expect(spotsCuesForCertain({ options }, {}, whisperByDefault)).toBe(true);
    expect(needsSpokenCues({ language: options.language, engine: 'pocketsphinx', words: [] })).toBe(true);
    const unset = { ...DEFAULT_CLIP_OPTIONS, transcriber: undefined };
    expect(spotsCuesForCertain({ options: unset }, {}, { transcriber: 'pocketsphinx' })).toBe(true);
    expect(spotsCuesForCertain({ options: unset }, {}, whisperByDefault)).toBe(false);
    expect(spotsCuesForCertain({ options: { ...options, language: 'de' } }, {}, whisperByDefault)).toBe(
      false,
    );
    const supplied = { ...options, transcriptPath: '/talk.srt' };
    expect(spotsCuesForCertain({ options: supplied }, {}, whisperByDefault)).toBe(false);
    expect(spotsCuesForCertain({ options }, { captionsPath: '/talk.vtt' }, whisperByDefault)).toBe(false);
  });
});

const hasPocketsphinx = existsSync(DICTIONARY);

describe.skipIf(!hasPocketsphinx)('spotCues on synthesised speech', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-kws-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const signal = () => new AbortController().signal;
  const middle = (hit: SpokenCue) => (hit.start + hit.end) / 2;
  const inside = (hit: SpokenCue, sentence: TimedSentence) =>
    middle(hit) >= sentence.start - 0.2 && middle(hit) <= sentence.end + 0.2;

  it(
    'hears a sponsor read and a subscribe line over a music bed 18 dB down, at their times',
    { timeout: 120_000 },
    async () => {
      const read = CUE_SENTENCES.filter(({ text }) =>
        /^(This video is sponsored|Use code river|There is a link|If you enjoy)/.test(text),
      );
      const passage = talk(read, CONTENT_SENTENCES.slice(0, 8));
      const { wavPath, timed } = await spokenTalk(passage, { musicDb: 18, seed: 3 });
      const hits = await spotCues(wavPath, { signal: signal() });

      const sponsorRead = timed.filter(({ cues }) =>
        cues.some((cue) => cue !== 'subscribe' && cue !== 'notification bell'),
      );
      const subscribeLine = timed.find(({ cues }) => cues.includes('subscribe'))!;
      // the opening sponsor sentence and the code sentence both carry a sponsor hit of their own
      const sponsorHeard = sponsorRead.filter((sentence) =>
        hits.some((hit) => hit.kind === 'sponsor' && inside(hit, sentence)),
      );
      expect(sponsorHeard.length).toBeGreaterThanOrEqual(2);
      expect(hits.some((hit) => hit.kind === 'housekeeping' && inside(hit, subscribeLine))).toBe(true);
      for (const sentence of timed.filter(({ cues }) => cues.length === 0))
        expect(hits.filter((hit) => inside(hit, sentence))).toEqual([]);
      // every hit lies inside the wav and is a cue sentence's
      for (const hit of hits) {
        expect(hit.start).toBeGreaterThanOrEqual(0);
        expect(hit.end).toBeLessThanOrEqual(timed.at(-1)!.end + 1);
      }

      const perSentence = sentenceCuesFromSpotting(timed, hits);
      timed.forEach((sentence, i) => {
        if (sentence.cues.length === 0) expect(perSentence[i]).toBeUndefined();
      });
      expect(perSentence[timed.indexOf(subscribeLine)]?.kind).toBe('housekeeping');
    },
  );

  it.each<[string, { musicDb?: number; roomDb?: number; seed?: number }]>([
    ['over room tone only', { roomDb: 40 }],
    ['under a music bed 18 dB down', { musicDb: 18, seed: 5 }],
  ])('hears nothing in two minutes of ordinary sentences %s', { timeout: 180_000 }, async (name, levels) => {
    const { wavPath, timed } = await spokenTalk(talk([], CONTENT_SENTENCES), levels);
    expect(timed.at(-1)!.end).toBeGreaterThan(120);
    const hits = await spotCues(wavPath, { signal: signal() });
    expect(hits.map((hit) => `${hit.phrase} at ${hit.start}`)).toEqual([]);
  });

  it('is killed when the signal aborts while it listens', async () => {
    const short = (await spokenTalk(talk([], CONTENT_SENTENCES.slice(0, 3)), { roomDb: 40 })).wavPath;
    // about ten minutes of audio: half a minute of listening on a quiet machine, minutes on a busy one, so a run
    // that was not killed cannot end inside the bound below however busy the machine is
    const long = path.join(dir, 'long.wav');
    await runProcess(TEST_TOOLS.ffmpeg, [
      '-loglevel',
      'error',
      '-y',
      '-stream_loop',
      '60',
      '-i',
      short,
      long,
    ]);
    const controller = new AbortController();
    const started = Date.now();
    const pending = spotCues(long, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
