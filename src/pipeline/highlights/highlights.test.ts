import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptFromWords } from '../transcribe/index.ts';
import { LENGTH_BANDS } from '../../domain/options.ts';
import type { Transcript, Word } from '../../domain/transcript.ts';
import { enumerateCandidates, maxShortCount, selectNonOverlapping } from './candidates.ts';
import {
  energyScore,
  flatness,
  hedges,
  lineFlatness,
  fluencyScore,
  hesitationRatio,
  fullness,
  heatmapScore,
  hookStrength,
  keywordDensity,
  laughterScore,
  selfContainedness,
  specificity,
  speechRateScore,
} from './features.ts';
import { buildTalkContext } from './context.ts';
import { contentTokens, overlapShare, tfidf } from './text.ts';
import { findHighlights, longestPauses, MIN_VIRAL_SCORE, offer } from './index.ts';
import {
  clock,
  confidentKeywords,
  fallbackTitle,
  lengthPhrase,
  hashtags,
  makeDescription,
  makeReason,
  makeTitle,
  titleCase,
  titleFromLine,
} from './metadata.ts';
import { isUnwanted, scoreCandidate, sectionPosition, straddledEdge, type FeatureScores } from './score.ts';
import { parseWavHeader } from '../../media/wav.ts';

const log = { info: () => undefined, warn: () => undefined };
const signal = new AbortController().signal;

/** A transcript built from passages of sentences at a steady speaking rate. */
function talk(passages: { topic: string; sentences: string[] }[]): {
  transcript: Transcript;
  topicOf: (t: number) => string;
} {
  const words: Word[] = [];
  const spans: { topic: string; start: number; end: number }[] = [];
  let t = 0.5;
  for (const passage of passages) {
    const start = t;
    for (const sentence of passage.sentences) {
      for (const token of sentence.split(' ')) {
        words.push({ text: token, start: t, end: t + 0.3 });
        t += 0.38;
      }
      t += 0.5;
    }
    spans.push({ topic: passage.topic, start, end: t });
    t += 1;
  }
  return {
    transcript: transcriptFromWords(words, 'en', 'test'),
    topicOf: (time) => spans.find((span) => time >= span.start && time < span.end)?.topic ?? 'none',
  };
}

const CONTENT = [
  {
    topic: 'bees',
    sentences: [
      'Why do honey bees dance when they find flowers?',
      'A returning bee performs a waggle dance on the honeycomb.',
      'The angle of the dance points toward the flowers relative to the sun.',
      'The length of the waggle tells the other bees how far to fly.',
      'Scientists decoded this language in the nineteen forties.',
      'Karl von Frisch won a Nobel Prize for that discovery.',
      'A colony can send thousands of foragers to a single field within an hour.',
      'That is how a hive turns one lucky scout into a flood of honey.',
    ],
  },
  {
    topic: 'filler',
    sentences: [
      'Okay um before we start let me just check the mic.',
      'Can you all hear me okay?',
      'Uh if you are new here hit the subscribe button and the notification bell.',
      'And um leave a comment below it really helps the channel.',
      'Alright uh where was I.',
      'Um okay let me just find my notes here.',
    ],
  },
  {
    topic: 'glaciers',
    sentences: [
      'Imagine a river of ice moving slower than your fingernails grow.',
      'Glaciers form when snow piles up faster than it melts for hundreds of years.',
      'The weight squeezes the snow into dense blue ice.',
      'Under its own weight the ice starts to flow downhill.',
      'Glaciers carved the fjords of Norway and the Great Lakes of America.',
      'Today most glaciers are shrinking faster than at any time in recorded history.',
      'Some in the Alps could vanish within thirty years.',
    ],
  },
  {
    topic: 'sponsor',
    sentences: [
      'This video is sponsored by Cloud Notes the note taking app.',
      'Cloud Notes keeps your ideas synced on every device.',
      'Use code talk twenty for twenty percent off your first year.',
      'The link is in the description and thanks to Cloud Notes for sponsoring this video.',
      'Seriously go check them out at the link in the description for a free trial.',
    ],
  },
  {
    topic: 'memory',
    sentences: [
      'What is the fastest way to remember anything you read?',
      'Close the book and try to recall what you just learned.',
      'This is called retrieval practice and it beats rereading every single time.',
      'In one famous study students who tested themselves remembered fifty percent more a week later.',
      'The struggle to remember is exactly what makes the memory stronger.',
      'So quiz yourself tonight instead of highlighting the page again.',
    ],
  },
];

describe('features', () => {
  it('scores hooks', () => {
    expect(hookStrength('Why do honey bees dance when they find flowers?')).toBeGreaterThan(0.4);
    expect(hookStrength('You will never guess the biggest mistake in 90 percent of homes.')).toBeGreaterThan(
      0.6,
    );
    expect(hookStrength('And then we moved on to the next part of the process of the thing.')).toBeLessThan(
      0.15,
    );
  });

  it('measures how flat a passage is: hedged lines, and the numbers and names it states', () => {
    expect(
      flatness(
        [
          'It takes a while, usually, and it varies.',
          'Some days are fine, I guess, and so on.',
          'The bus leaves at seven.',
          'As I said, that is about it.',
        ].map(lineFlatness),
      ),
    ).toEqual({ vague: 0.75, specifics: 0.25 });
    expect(
      flatness(['Gutenberg printed 180 Bibles in Mainz.', 'Each took three years.'].map(lineFlatness)),
    ).toEqual({
      vague: 0,
      specifics: 2,
    });
    expect(flatness([])).toEqual({ vague: 0, specifics: 0 });
  });

  it('hears vague language through a hesitation or one extra word, and a soft hedge only twice over', () => {
    expect(hedges('So that is the office story, more or less.')).toBe(true);
    expect(hedges('So that is the office story, more it or less.')).toBe(true);
    expect(hedges('It is, um, more or, uh, less the same.')).toBe(true);
    expect(hedges('As I was saying before, the office moved.')).toBe(true);
    expect(hedges('More people came, or less money went out.')).toBe(false);
    expect(hedges('Usually the pot is too small.')).toBe(false);
    expect(hedges('Maybe it works, usually.')).toBe(true);
    expect(hedges('The bus leaves at seven.')).toBe(false);
  });

  it('penalises openings that depend on earlier context', () => {
    expect(selfContainedness('Glaciers form from snow.', 'They carve valleys.', '')).toBe(1);
    expect(
      selfContainedness('And so, as I mentioned before, it matters.', 'It does,', 'as i mentioned before'),
    ).toBeLessThan(0.4);
  });

  it('measures keyword density, specificity and fullness', () => {
    expect(keywordDensity('glaciers carve fjords', new Set(['glaciers', 'fjords']))).toBeGreaterThan(0.9);
    expect(keywordDensity('the and of', new Set(['glaciers']))).toBe(0);
    expect(specificity(['In 1940 Karl von Frisch won a Nobel Prize.'])).toBeGreaterThan(
      specificity(['It varies, more or less, in various ways and so on.']),
    );
    expect(fullness(15, LENGTH_BANDS.under60sec)).toBeCloseTo(0.3);
    expect(fullness(40, LENGTH_BANDS.under60sec)).toBe(1);
  });

  it('prefers a lively speaking pace', () => {
    expect(speechRateScore(90, 30)).toBe(1);
    expect(speechRateScore(20, 30)).toBeLessThan(0.3);
    expect(speechRateScore(10, 0)).toBe(0);
  });

  it('detects hesitation and laughter', () => {
    expect(hesitationRatio(['Um uh so um yeah.', 'Glaciers move.'])).toBe(0.5);
    expect(laughterScore('haha that was great [laughter]')).toBe(1);
  });

  it('prefers fluent delivery to speech broken by pauses', () => {
    expect(fluencyScore(0.1, 0.2)).toBeGreaterThan(fluencyScore(0.4, 0.2));
    expect(fluencyScore(0.2, 0.2)).toBe(0.5);
    expect(fluencyScore(Number.NaN, 0.2)).toBe(0.5);
  });

  it('scores energy and the heatmap', () => {
    expect(energyScore([-18, -12, -20], -22)).toBeGreaterThan(energyScore([-28, -28], -22));
    expect(energyScore([], -22)).toBe(0.5);
    expect(
      heatmapScore(
        [
          { start: 0, end: 10, value: 0.8 },
          { start: 10, end: 20, value: 0.2 },
        ],
        5,
        15,
      ),
    ).toBeCloseTo(0.5);
    expect(heatmapScore([], 0, 10)).toBeUndefined();
  });

  it('reads WAV headers', () => {
    const header = Buffer.alloc(44);
    header.write('RIFF', 0);
    header.write('WAVE', 8);
    header.write('fmt ', 12);
    header.writeUInt32LE(16, 16);
    header.writeUInt32LE(8000, 24);
    header.write('data', 36);
    header.writeUInt32LE(100, 40);
    expect(parseWavHeader(header)).toEqual({ dataOffset: 44, dataBytes: 100, sampleRate: 8000 });
  });
});

describe('candidates and selection', () => {
  const { transcript } = talk(CONTENT);

  it('starts and ends candidates on sentence boundaries, inside the band', () => {
    const band = LENGTH_BANDS.under30sec;
    const cuts = {
      cutStarts: transcript.sentences.map((s) => s.start),
      cutEnds: transcript.sentences.map((s) => s.end),
    };
    const candidates = enumerateCandidates(cuts, band);
    expect(candidates.length).toBeGreaterThan(10);
    for (const c of candidates) {
      expect(c.start).toBe(transcript.sentences[c.first].start);
      expect(c.end).toBe(transcript.sentences[c.last].end);
      expect(c.end - c.start).toBeGreaterThanOrEqual(band.min);
      expect(c.end - c.start).toBeLessThanOrEqual(band.max);
    }
  });

  it('keeps chosen segments from overlapping by more than 3 s', () => {
    const scored = [
      { start: 0, end: 30, score: 0.9 },
      { start: 28, end: 50, score: 0.8 },
      { start: 26, end: 50, score: 0.85 },
      { start: 60, end: 80, score: 0.1 },
    ];
    expect(selectNonOverlapping(scored, 5)).toEqual([scored[0], scored[1], scored[3]]);
  });

  it('measures how much of the lighter passage the other says too', () => {
    const vector = (text: string) => tfidf(contentTokens(text), new Map());
    const story = vector('the press printed twenty million books and literacy spread across europe');
    expect(overlapShare(vector('the press printed twenty million books'), story)).toBe(1);
    expect(overlapShare(story, vector('the press printed twenty million books'))).toBe(1);
    expect(overlapShare(vector('magma traps gas until the mountain explodes'), story)).toBe(0);
    // of press, made, volcanoes and explode, only press is said in the story
    expect(overlapShare(vector('the press made volcanoes explode'), story)).toBeCloseTo(1 / 4);
    expect(overlapShare(new Map(), story)).toBe(0);
  });

  it('offers at most one short per 45 s, between 1 and 10', () => {
    expect(maxShortCount(30)).toBe(1);
    expect(maxShortCount(240)).toBe(5);
    expect(maxShortCount(1200)).toBe(10);
  });
});

describe('findHighlights', () => {
  const { transcript, topicOf } = talk(CONTENT);
  const duration = transcript.words.at(-1)!.end + 1;

  it('never ranks filler or sponsor reads in the top half', async () => {
    const highlights = await findHighlights({
      transcript,
      windowDuration: 400,
      preferredLength: 'under30sec',
      noClipping: false,
      language: 'en',
      signal,
      log,
    });
    expect(highlights.length).toBeGreaterThanOrEqual(3);
    const top = highlights.slice(0, Math.ceil(highlights.length / 2));
    for (const h of top) expect(['bees', 'glaciers', 'memory']).toContain(topicOf((h.start + h.end) / 2));
    for (const h of highlights) {
      expect(h.viralScore).toBeGreaterThanOrEqual(0);
      expect(h.viralScore).toBeLessThanOrEqual(100);
      expect(h.title.length).toBeLessThanOrEqual(71);
      expect(h.description).toMatch(/#\w+/);
      expect(h.reason.length).toBeGreaterThan(10);
    }
    const fillerLike = highlights.filter((h) =>
      ['filler', 'sponsor'].includes(topicOf((h.start + h.end) / 2)),
    );
    for (const h of fillerLike) expect(h.viralScore).toBeLessThan(40);
  });

  it('is deterministic', async () => {
    const request = {
      transcript,
      windowDuration: duration,
      preferredLength: 'under60sec' as const,
      noClipping: false,
      language: 'en',
      signal,
      log,
    };
    expect(await findHighlights(request)).toEqual(await findHighlights(request));
  });

  it('makes one short of the whole window with noClipping, or when the window is shorter than the band', async () => {
    const whole = await findHighlights({
      transcript,
      windowDuration: duration,
      preferredLength: 'under60sec',
      noClipping: true,
      language: 'en',
      signal,
      log,
    });
    expect(whole).toHaveLength(1);
    expect(whole[0].sentenceIndexes).toHaveLength(transcript.sentences.length);
    const short = talk([{ topic: 'x', sentences: ['Short and sweet.', 'That is all.'] }]).transcript;
    const one = await findHighlights({
      transcript: short,
      windowDuration: 5,
      preferredLength: 'under30sec',
      noClipping: false,
      language: 'en',
      signal,
      log,
    });
    expect(one).toHaveLength(1);
    // a small lead-in before the first word
    expect(one[0].start).toBeCloseTo(short.sentences[0].start - 0.15);
  });
});

describe('metadata', () => {
  it('writes titles and hashtags', () => {
    expect(titleCase('the secret of the bees')).toBe('The Secret of the Bees');
    expect(hashtags(['bees', 'honey', 'bees', 'a'])).toEqual(['#bees', '#honey']);
    const sentence = { index: 0, text: 'Why do bees dance?', start: 0, end: 1, words: [] };
    expect(makeTitle(sentence)).toBe('Why Do Bees Dance?');
  });

  it('titles a short from its hook: no opening filler, at most 60 characters, cut at a phrase boundary', () => {
    expect(titleFromLine('So, the most expensive mistake of my career took four seconds to make.')).toBe(
      'The Most Expensive Mistake of My Career Took Four Seconds',
    );
    expect(
      titleFromLine(
        'The most expensive mistake of my career took four seconds to make, and it cost us a client.',
      ),
    ).toBe('The Most Expensive Mistake of My Career Took Four Seconds');
    expect(
      titleFromLine('Okay. Why do some volcanoes explode while others just ooze quietly for years?'),
    ).toBe('Why Do Some Volcanoes Explode');
    // clauses that only lead back to something said before say nothing in a feed
    expect(titleFromLine('So then, going back to that, the starter is the thing we talked about.')).toBe(
      'The Starter Is the Thing We Talked About',
    );
    expect(titleFromLine('And so, as I mentioned before, the tides are related to that.')).toBe(
      'The Tides Are Related to That',
    );
    expect(titleFromLine('Then the whole room went silent.')).toBe('Then the Whole Room Went Silent');
    // a title ends on no word that leads on, and no phrase a cut left unfinished
    expect(
      titleFromLine(
        'The most dangerous thing in a professional kitchen is not the knives, it is a wet towel.',
      ),
    ).toBe('The Most Dangerous Thing in a Professional Kitchen');
    expect(
      titleFromLine(
        'A honeybee can tell her sisters exactly where to find flowers two miles away, by dancing.',
      ),
    ).toBe('A Honeybee Can Tell Her Sisters');
    expect(
      titleFromLine(
        'In the middle of winter, a hive keeps its centre as warm as your armpit, without any fire.',
      ),
    ).toBe('In the Middle of Winter, a Hive Keeps Its Centre');
    expect(
      titleFromLine('My grandmother was never once late for a train in sixty years of commuting to London.'),
    ).toBe('My Grandmother Was Never Once Late for a Train');
    expect(
      titleFromLine('Here are the three tricks every map uses to fool you, and the first is colour.'),
    ).toBe('Here Are the Three Tricks Every Map Uses to Fool You');
  });

  it('titles a spoken line without its hesitations, restarts and filler', () => {
    expect(
      titleFromLine('And, you know, I I went to the bank the next morning and the money was gone.'),
    ).toBe('I Went to the Bank the Next Morning and the Money Was Gone');
    expect(titleFromLine("I mean, honestly, it was the worst decision I've ever made.")).toBe(
      "It Was the Worst Decision I've Ever Made",
    );
    expect(
      titleFromLine('Uh, the thing is, nobody tells you that running a restaurant is 90% plumbing.'),
    ).toBe('Nobody Tells You That Running a Restaurant Is 90% Plumbing');
    expect(titleFromLine('So the question is, why do cats always land on their feet?')).toBe(
      'Why Do Cats Always Land on Their Feet?',
    );
    expect(titleFromLine('It was, you know, the, the best year of my life.')).toBe(
      'It Was the Best Year of My Life',
    );
    const said = (text: string) => ({ index: 0, text, start: 0, end: 1, words: [] });
    expect(
      makeDescription(
        [said('So, um, the the lesson is simple.'), said('Uh, never lend what you cannot lose.')],
        [],
      ),
    ).toBe('So, the lesson is simple. Never lend what you cannot lose. #shorts');
    // what only looks like filler stays
    expect(titleFromLine('You know what I mean?')).toBe('You Know What I Mean?');
    expect(titleFromLine('Like a river, money finds the lowest point.')).toBe(
      'Like a River, Money Finds the Lowest Point',
    );
    for (const line of [
      'Here are the four habits that separate people who finish marathons from people who quit in the first month of training.',
      'I lost everything I owned in a single weekend because I trusted a spreadsheet that nobody had checked in years.',
      'Honestly I think the hardest part of learning any new language is not grammar or vocabulary but fear.',
    ]) {
      const title = titleFromLine(line);
      expect(title.length).toBeLessThanOrEqual(60);
      expect(title).not.toMatch(/…|\.\.\./);
      expect(title).not.toMatch(/\s(the|of|and|to|a|that|which|my)$/i);
    }
  });
});

describe('honest titles', () => {
  const heard = (text: string, confidence: number, at = 0) =>
    text.split(' ').map((token, i) => ({ text: token, start: at + i, end: at + i + 0.5, confidence }));

  it('names only content words the recogniser was sure of every time, heard at least twice', () => {
    const words = [
      ...heard('the glacier moved and the glacier melted', 0.95),
      ...heard('fjords carved by glacier ice fjords', 0.9, 10),
      ...heard('banana banana', 0.3, 20),
      ...heard('never once', 0.99, 30),
    ];
    expect(confidentKeywords(words)).toEqual(['glacier', 'fjords']);
    expect(fallbackTitle(words, 65, 107)).toBe('On Glacier and Fjords');
  });

  it('says plainly where the moment is when no word can be trusted', () => {
    expect(fallbackTitle(heard('cold stars wheel of tea', 0.3), 65, 107)).toBe('A 42-second moment at 1:05');
    expect(fallbackTitle([], 0, 8)).toBe('An 8-second moment at 0:00');
    expect(['An 11-second', 'An 18-second', 'An 80-second', 'A 28-second', 'A 1-second'].join()).toBe(
      [11, 18, 80, 28, 1].map(lengthPhrase).join(),
    );
    expect(clock(3725)).toBe('1:02:05');
    const sentence = {
      index: 0,
      text: 'Cold stars wheel of tea.',
      start: 65,
      end: 107,
      words: heard('cold', 0.2),
    };
    const description = makeDescription([sentence], ['stars'], { start: 65, end: 107 });
    expect(description).not.toMatch(/cold|stars/i);
    expect(description).toMatch(/42-second moment from 1:05/);
  });

  it('gives no reasons from words it does not trust', () => {
    const features: FeatureScores = {
      hook: 0.9,
      selfContained: 0.9,
      coherence: 0.9,
      keywords: 0.9,
      specificity: 0.9,
      pace: 0.9,
      laughter: 0,
      position: 1,
      sectionLength: 1,
      cutQuality: 1,
      fluency: 0.8,
      energy: 0.5,
      fullness: 1,
      straddle: 0,
      housekeeping: 0,
      sponsor: 0,
      outro: 0,
      intro: 0,
      vague: 0,
      specifics: 0.5,
      confidence: 0.3,
    };
    const reason = makeReason(features, ['ice']);
    expect(reason).not.toMatch(/hook|topic/);
    expect(reason).toMatch(/whole section/);
    expect(reason).toMatch(/low confidence/);
    expect(makeReason({ ...features, confidence: 0.9 }, ['ice'])).toMatch(/strong hook/);
  });
});

describe('structure in the ranking', () => {
  const { transcript } = talk(CONTENT);
  const context = buildTalkContext({
    sentences: transcript.sentences,
    boundaries: transcript.boundaries,
    windowDuration: 400,
    band: LENGTH_BANDS.under30sec,
  });

  it('finds the passages as sections and knows housekeeping and the sponsor read by their cues', () => {
    expect(context.sections).toHaveLength(CONTENT.length);
    expect(context.sectionKinds).toEqual([undefined, 'housekeeping', undefined, 'sponsor', undefined]);
  });

  it('penalises straddling a section edge and rewards starting a section', () => {
    const [bees, filler] = context.sections;
    expect(straddledEdge(context, bees.first, bees.last)).toBeLessThan(0.3);
    expect(straddledEdge(context, bees.last - 1, filler.first + 1)).toBeGreaterThan(0.5);
    expect(sectionPosition(context, bees.first, bees.last)).toBe(1);
    expect(sectionPosition(context, bees.first + 3, bees.last - 1)).toBeLessThan(0.5);
    const sponsor = context.sections[3];
    const read = scoreCandidate(context, {
      first: sponsor.first,
      last: sponsor.last,
      start: context.cutStarts[sponsor.first],
      end: context.cutEnds[sponsor.last],
    });
    expect(isUnwanted(read.features)).toBe(true);
  });

  it('offers fewer shorts rather than filler, but always at least one', () => {
    const make = (score: number, start: number, unwanted = 0) => ({
      first: 0,
      last: 0,
      start,
      end: start + 20,
      score,
      quality: score,
      keywords: [],
      features: { housekeeping: unwanted, sponsor: 0, outro: 0, intro: 0 } as FeatureScores,
    });
    const strong = make(0.7, 0);
    const weak = make((MIN_VIRAL_SCORE - 5) / 130, 30);
    const sponsorRead = make(0.8, 60, 1);
    expect(offer([strong, weak, sponsorRead], 3)).toEqual([strong]);
    expect(offer([weak, sponsorRead], 3)).toEqual([sponsorRead]);
  });

  it('looks for scene cuts in the longest pauses between sure sentence ends', () => {
    const boundaries = [0.5, 1.8, 0.4, 1.2, 0.6].map((d, i) => ({
      start: i * 10,
      end: i * 10 + d,
      strength: 0.9,
    }));
    boundaries[4].strength = 0.3;
    expect(longestPauses(boundaries, 60)).toEqual([
      { start: 9.9, end: 11.9 },
      { start: 29.9, end: 31.3 },
    ]);
  });
});

describe('LLM story planner, as wired into findHighlights', () => {
  let server: http.Server;
  let base: string;
  let answer: (body: {
    messages: { content: string }[];
    response_format?: { json_schema?: { name: string } };
  }) => {
    status: number;
    content?: string;
    hang?: boolean;
  };
  beforeAll(async () => {
    server = http.createServer(async (request, response) => {
      let raw = '';
      for await (const chunk of request) raw += chunk;
      const body = JSON.parse(raw);
      const reply = answer(body);
      if (reply.hang) return;
      response.statusCode = reply.status;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: reply.content } }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const { transcript } = talk(CONTENT);
  const request = () => ({
    transcript,
    windowDuration: 200,
    preferredLength: 'under30sec' as const,
    noClipping: false,
    language: 'en',
    signal,
    log,
    llm: { baseUrl: base, model: 'test-model' },
  });

  it('takes the stories a language model finds, with its titles, inside the band', async () => {
    answer = (body) => {
      if (body.response_format?.json_schema?.name === 'short_edges') {
        return { status: 200, content: JSON.stringify({ shorts: [] }) };
      }
      const lines = body.messages[1].content.split('\n');
      const at = (text: string) => {
        const line = lines.find((l) => l.includes(text))!;
        return Number(/^\[(\d+)\]/.exec(line)![1]);
      };
      const first = at('Glaciers form when snow piles up');
      const story = {
        storyFirst: first,
        storyLast: first + 3,
        hook: first,
        payoff: first + 2,
        start: first,
        end: first + 2,
        rubric: { hook: 9, value: 8, selfContained: 9, emotion: 6, shareability: 8 },
        title: 'Rivers of Ice… that carve whole valleys out of solid rock in a few thousand years',
        description: 'Ice flows downhill.',
      };
      const outOfRange = { ...story, hook: 999, payoff: 999, start: 999, end: 1000, storyLast: 1000 };
      return { status: 200, content: JSON.stringify({ stories: [story, outOfRange] }) };
    };
    const highlights = await findHighlights(request());
    expect(highlights).toHaveLength(1);
    expect(highlights[0].title).toMatch(/^Rivers of Ice That Carve/);
    expect(highlights[0].title.length).toBeLessThanOrEqual(60);
    expect(highlights[0].title).not.toMatch(/…/);
    expect(highlights[0].description).toMatch(/^Ice flows downhill\. #\w+ #\w+/);
    expect(highlights[0].end - highlights[0].start).toBeLessThanOrEqual(LENGTH_BANDS.under30sec.max);
  });

  it.each([
    ['malformed JSON', () => ({ status: 200, content: '{not json' })],
    ['an HTTP error', () => ({ status: 500, content: 'oops' })],
  ])('falls back to the local ranking on %s', async (_label, reply) => {
    answer = reply;
    const local = await findHighlights({ ...request(), llm: undefined });
    expect(await findHighlights(request())).toEqual(local);
  });
});
