import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatConfig } from '../../engines/llm/chat.ts';
import type { Sentence } from '../../domain/transcript.ts';
import {
  REVIEW_FORMAT,
  STORIES_FORMAT,
  StoriesAnswer,
  applyReview,
  buildReviewMessages,
  buildStoriesMessages,
  parseReview,
  parseStories,
  planShortsWithLlm,
  reviewExcerpt,
  rubricScore,
  spanProblem,
  storiesWanted,
  storyToPlan,
  strictJsonSchema,
  transcriptLines,
  trimTitle,
  type LlmShortPlan,
} from './llm-stories.ts';

// 20 sentences of 5 s each; a short fits when it lasts 10..40 s, i.e. 2..8 sentences
const SENTENCES: Sentence[] = Array.from({ length: 20 }, (_, index) => ({
  index,
  text: `Sentence number ${index} says something about topic ${Math.floor(index / 5)}.`,
  start: index * 5,
  end: index * 5 + 4.8,
  words: [],
}));
const fits = (start: number, end: number) => {
  const seconds = SENTENCES[end].end - SENTENCES[start].start;
  return seconds >= 9 && seconds <= 40;
};

const RUBRIC = { hook: 8, value: 7, selfContained: 9, emotion: 5, shareability: 6 };

function story(overrides: Record<string, unknown> = {}) {
  return {
    storyFirst: 1,
    storyLast: 8,
    hook: 3,
    payoff: 6,
    start: 2,
    end: 7,
    rubric: RUBRIC,
    title: 'The glacier that moved a mountain',
    description: 'A glacier moves. It takes a mountain with it.',
    ...overrides,
  };
}

function logger() {
  const warnings: string[] = [];
  const infos: string[] = [];
  return {
    warnings,
    infos,
    log: { warn: (m: string) => warnings.push(m), info: (m: string) => infos.push(m) },
  };
}

const never = new AbortController().signal;

// ---------------------------------------------------------------------------------------------------------------

describe('prompt building', () => {
  it('sends one sentence per line with its index', () => {
    expect(transcriptLines(SENTENCES.slice(0, 2))).toBe(
      '[0] Sentence number 0 says something about topic 0.\n[1] Sentence number 1 says something about topic 0.',
    );
    const odd: Sentence[] = [{ index: 0, text: ' two\nlines  here ', start: 83.4, end: 85, words: [] }];
    expect(transcriptLines(odd)).toBe('[0] two lines here');
    expect(transcriptLines(odd, true)).toBe('[0] 1:23 two lines here');
  });

  it('asks for a bounded number of stories, with times only when a length band is given', () => {
    expect(storiesWanted(1)).toBe(3);
    expect(storiesWanted(5)).toBe(10);
    expect(storiesWanted(50)).toBe(20);
    const plain = buildStoriesMessages({ sentences: SENTENCES, maxShorts: 3 });
    expect(plain[0].role).toBe('system');
    expect(plain[0].content).toMatch(/hook/);
    expect(plain[0].content).toMatch(/cold open/i);
    expect(plain[0].content).toMatch(/sponsor/i);
    expect(plain[0].content).toMatch(/let me start with/);
    expect(plain[0].content).toMatch(/question can be the hook/);
    expect(plain[0].content).toMatch(/complete sentence/);
    expect(plain[0].content).toMatch(/one per story/);
    expect(plain[1].content).toContain('at most 6');
    expect(plain[1].content).toContain('[19] Sentence number 19');
    expect(plain[1].content).not.toMatch(/seconds/);
    const timed = buildStoriesMessages({
      sentences: SENTENCES,
      maxShorts: 3,
      targetSeconds: { min: 15, max: 30 },
    });
    expect(timed[1].content).toContain('between 15 and 30 seconds');
    expect(timed[1].content).toContain('[13] 1:05 Sentence number 13');
  });

  it('shows the review one sentence around each edge and the first and last two, without repeats', () => {
    expect(reviewExcerpt(SENTENCES, { start: 2, end: 7 }).split('\n')).toEqual([
      '  [1] (before the short) Sentence number 1 says something about topic 0.',
      '  [2] (first) Sentence number 2 says something about topic 0.',
      '  [3] (in the short) Sentence number 3 says something about topic 0.',
      '  …',
      '  [6] (in the short) Sentence number 6 says something about topic 1.',
      '  [7] (last) Sentence number 7 says something about topic 1.',
      '  [8] (after the short) Sentence number 8 says something about topic 1.',
    ]);
    const edges = reviewExcerpt(SENTENCES, { start: 0, end: 1 });
    expect(edges.split('\n').map((line) => line.slice(0, 7))).toEqual(['  [0] (', '  [1] (', '  [2] (']);
    const tail = reviewExcerpt(SENTENCES, { start: 18, end: 19 });
    expect(tail).not.toContain('[20]');
    expect(tail).toContain('[17] (before the short)');
    const messages = buildReviewMessages(SENTENCES, [
      { start: 2, end: 7, hook: 3, payoff: 6 } as LlmShortPlan,
      { start: 12, end: 15, hook: 12, payoff: 15 } as LlmShortPlan,
    ]);
    expect(messages[1].content).toContain('Short s1: sentences 2 to 7, hook [3], payoff [6]');
    expect(messages[1].content).toContain('Short s2: sentences 12 to 15');
    expect(messages[1].content).not.toContain('[5]');
  });
});

describe('schemas', () => {
  it('makes a strict JSON schema: every property required, no extras, no $schema or 2^53 bounds', () => {
    const schema = strictJsonSchema(StoriesAnswer);
    const text = JSON.stringify(schema);
    expect(text).not.toContain('$schema');
    expect(text).not.toContain(String(Number.MAX_SAFE_INTEGER));
    const objects: Record<string, unknown>[] = [];
    const walk = (node: unknown) => {
      if (node && typeof node === 'object') {
        if ((node as { type?: string }).type === 'object') objects.push(node as Record<string, unknown>);
        Object.values(node).forEach(walk);
      }
    };
    walk(schema);
    expect(objects.length).toBe(3); // answer, story, rubric
    for (const object of objects) {
      expect(object.additionalProperties).toBe(false);
      expect([...(object.required as string[])].sort()).toEqual(
        Object.keys(object.properties as object).sort(),
      );
    }
    const item = (schema.properties as { stories: { items: { properties: Record<string, object> } } }).stories
      .items;
    expect(item.properties.hook).toMatchObject({ type: 'integer', minimum: 0 });
    expect(STORIES_FORMAT).toEqual({
      type: 'json_schema',
      json_schema: { name: 'short_stories', strict: true, schema },
    });
    expect(REVIEW_FORMAT.type).toBe('json_schema');
    expect(JSON.stringify(REVIEW_FORMAT)).toContain('"minimum":-1,"maximum":1');
  });
});

describe('validation', () => {
  it('scores the rubric 0..1', () => {
    expect(rubricScore({ hook: 10, value: 10, selfContained: 10, emotion: 10, shareability: 10 })).toBe(1);
    expect(rubricScore({ hook: 0, value: 0, selfContained: 0, emotion: 0, shareability: 0 })).toBe(0);
    expect(rubricScore(RUBRIC)).toBe(0.735);
    // the hook weighs more than the emotion
    expect(rubricScore({ ...RUBRIC, hook: 10 })).toBeGreaterThan(rubricScore({ ...RUBRIC, emotion: 10 }));
  });

  it('trims titles at a phrase or word boundary, without an ellipsis', () => {
    expect(trimTitle('  Short and sweet  ')).toBe('Short and sweet');
    expect(trimTitle('Wait for it...')).toBe('Wait for it');
    expect(trimTitle('“Quoted…”')).toBe('Quoted');
    const phrase = 'Nobody expected the glacier to move, least of all the people who lived on it for years';
    expect(trimTitle(phrase)).toBe('Nobody expected the glacier to move');
    const words = 'Nobody expected the glacier to move least of all the people who lived on it for years';
    const cut = trimTitle(words);
    expect(cut).toBe('Nobody expected the glacier to move least of all the people');
    expect(cut.length).toBeLessThanOrEqual(60);
    expect(words.startsWith(cut)).toBe(true);
    expect(trimTitle('x'.repeat(80))).toBe('x'.repeat(60));
    for (const title of [phrase, words, `${words}…`, 'a, '.repeat(40)]) {
      const trimmed = trimTitle(title);
      expect(trimmed.length).toBeLessThanOrEqual(60);
      expect(trimmed).not.toMatch(/\.\.|…|[,\s]$/);
    }
  });

  it('checks the sentence relations: start <= hook <= payoff <= end, in range, fitting', () => {
    const ok = { start: 2, hook: 3, payoff: 6, end: 7 };
    expect(spanProblem(ok, 20, fits)).toBeUndefined();
    expect(spanProblem({ ...ok, start: 3 }, 20, fits)).toBeUndefined();
    expect(spanProblem({ ...ok, end: 20 }, 20, fits)).toMatch(/end 20 is not a sentence index/);
    expect(spanProblem({ ...ok, start: -1 }, 20, fits)).toMatch(/start -1/);
    expect(spanProblem({ ...ok, start: 4 }, 20, fits)).toMatch(/after the hook/);
    expect(spanProblem({ ...ok, hook: 7 }, 20, fits)).toMatch(/after the payoff/);
    expect(spanProblem({ ...ok, end: 5 }, 20, fits)).toMatch(/before the payoff/);
    expect(spanProblem({ start: 0, hook: 1, payoff: 12, end: 15 }, 20, fits)).toMatch(/do not fit/);
  });

  it('turns a story into a plan, widening a story drawn too tight', () => {
    const plan = storyToPlan(story({ storyFirst: 3, storyLast: 6 }), SENTENCES, fits) as LlmShortPlan;
    expect(plan).toEqual({
      story: { first: 2, last: 7 },
      start: 2,
      end: 7,
      hook: 3,
      payoff: 6,
      rubric: RUBRIC,
      score: 0.735,
      title: 'The glacier that moved a mountain',
      description: 'A glacier moves. It takes a mountain with it.',
    });
    const untitled = storyToPlan(story({ title: ' … ', description: '' }), SENTENCES, fits) as LlmShortPlan;
    expect(untitled.title).toBe('Sentence number 3 says something about topic 0');
    expect(untitled).not.toHaveProperty('description');
    expect(storyToPlan(story({ rubric: { ...RUBRIC, hook: 11 } }), SENTENCES, fits)).toMatch(/rubric.hook/);
    expect(storyToPlan(story({ hook: 3.5 }), SENTENCES, fits)).toMatch(/malformed/);
    expect(storyToPlan(story({ storyFirst: 9, storyLast: 1 }), SENTENCES, fits)).toMatch(
      /not a sentence range/,
    );
    expect(storyToPlan(story({ storyLast: 25 }), SENTENCES, fits)).toMatch(/not a sentence range/);
    expect(storyToPlan('nope', SENTENCES, fits)).toMatch(/malformed/);
    const long = `${'A glacier moves slowly, year after year. '.repeat(6)}It takes a mountain with it, stone by stone, and nobody notices until the valley changes for good`;
    const described = storyToPlan(story({ description: `${long}...` }), SENTENCES, fits) as LlmShortPlan;
    expect(described.description!.length).toBeLessThanOrEqual(300);
    expect(described.description).toMatch(/^A glacier moves slowly.*year after year\.$/);
    const unbroken = storyToPlan(
      story({ description: 'word '.repeat(100) }),
      SENTENCES,
      fits,
    ) as LlmShortPlan;
    expect(unbroken.description).toMatch(/^(word ){50,}word\.$/);
    expect(unbroken.description!.length).toBeLessThanOrEqual(300);
  });

  it('drops bad entries one by one, then keeps the best non-overlapping shorts', () => {
    const content = JSON.stringify({
      stories: [
        story({ rubric: { ...RUBRIC, hook: 2 } }), // valid but weaker, overlaps the next
        story({ start: 3, end: 8, storyLast: 9 }),
        story({ end: 40 }),
        { start: 1 },
        story({ storyFirst: 10, storyLast: 14, start: 10, hook: 10, payoff: 13, end: 14 }),
        story({
          storyFirst: 15,
          storyLast: 19,
          start: 16,
          hook: 16,
          payoff: 18,
          end: 19,
          rubric: { ...RUBRIC, value: 0 },
        }),
      ],
    });
    const all = parseStories(content, { sentences: SENTENCES, fits, maxShorts: 5 });
    expect(all.plans.map((plan) => [plan.start, plan.end])).toEqual([
      [3, 8],
      [10, 14],
      [16, 19],
    ]);
    expect(all.dropped).toEqual([
      'story 3: end 40 is not a sentence index',
      expect.stringMatching(/^story 4: malformed/),
      'story 1: overlaps a better short',
    ]);
    const two = parseStories(content, { sentences: SENTENCES, fits, maxShorts: 2 });
    expect(two.plans.map((plan) => plan.start)).toEqual([3, 10]);
    expect(two.dropped).toContain('story 6: beyond the 2 shorts wanted');
    expect(() => parseStories('{"shorts":[]}', { sentences: SENTENCES, fits, maxShorts: 2 })).toThrow(
      /stories/,
    );
    expect(() => parseStories('{oops', { sentences: SENTENCES, fits, maxShorts: 2 })).toThrow(SyntaxError);
  });

  it('parses the review, ignoring repeated ids, and rejects a malformed one', () => {
    const shifts = parseReview(
      JSON.stringify({
        shorts: [
          { id: 's1', startShift: 1, endShift: 0 },
          { id: 's1', startShift: -1, endShift: -1 },
        ],
      }),
    );
    expect([...shifts]).toEqual([['s1', { startShift: 1, endShift: 0 }]]);
    expect(() => parseReview('{"shorts":[{"id":"s1","startShift":2,"endShift":0}]}')).toThrow(/schema/);
    expect(() => parseReview('{"stories":[]}')).toThrow(/schema/);
  });

  it('applies only review shifts that keep the plan valid', () => {
    const plan = (overrides: Record<string, unknown>) =>
      storyToPlan(story(overrides), SENTENCES, fits) as LlmShortPlan;
    const plans = [
      plan({ start: 3, hook: 3, payoff: 6, end: 6 }),
      plan({ storyFirst: 8, storyLast: 14, start: 8, hook: 9, payoff: 12, end: 13 }),
    ];
    const apply = (entries: Array<[string, number, number]>, on = plans) =>
      applyReview(
        on,
        new Map(entries.map(([id, startShift, endShift]) => [id, { startShift, endShift }])),
        SENTENCES.length,
        fits,
      ).map((reviewed) => [reviewed.start, reviewed.end]);
    expect(apply([])).toEqual([
      [3, 6],
      [8, 13],
    ]);
    // both edges move when the plan stays valid
    expect(apply([['s2', 1, 1]])).toEqual([
      [3, 6],
      [9, 14],
    ]);
    // a start past the hook is refused
    expect(apply([['s1', 1, 0]])).toEqual([
      [3, 6],
      [8, 13],
    ]);
    // ... and the valid half of a pair is still taken
    expect(apply([['s1', 1, 1]])).toEqual([
      [3, 7],
      [8, 13],
    ]);
    // an end before the payoff is refused
    expect(apply([['s1', 0, -1]])).toEqual([
      [3, 6],
      [8, 13],
    ]);
    // opening earlier into free sentences is taken; into a short as already reviewed, refused
    expect(apply([['s2', -1, 0]])).toEqual([
      [3, 6],
      [7, 13],
    ]);
    expect(
      apply([
        ['s1', 0, 1],
        ['s2', -1, 0],
      ]),
    ).toEqual([
      [3, 7],
      [8, 13],
    ]);
    // unknown ids change nothing
    expect(apply([['s3', -1, 1]])).toEqual([
      [3, 6],
      [8, 13],
    ]);
    // moves that break the length band or leave the transcript are refused, the valid half taken
    const long = [plan({ storyFirst: 1, storyLast: 7, start: 1, hook: 2, payoff: 6, end: 7 })]; // 35 s
    const grown = applyReview(long, new Map([['s1', { startShift: -1, endShift: 1 }]]), 20, fits);
    expect([grown[0].start, grown[0].end]).toEqual([0, 7]); // 0..8 would last 45 s
    expect(grown[0].story).toEqual({ first: 0, last: 7 });
    const edge = [plan({ storyFirst: 0, storyLast: 7, start: 0, hook: 1, payoff: 6, end: 7 })];
    expect(apply([['s1', -1, 1]], edge)).toEqual([[0, 7]]);
    // the input is left alone
    expect([long[0].start, long[0].story.first]).toEqual([1, 1]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

interface Received {
  url: string;
  method: string;
  authorization?: string;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format: { type: string; json_schema: { name: string; strict: boolean; schema: object } };
  };
}

type Reply = { status?: number; content?: string; raw?: string; hang?: boolean; finish?: string };

describe('planShortsWithLlm against an OpenAI-compatible server', () => {
  let server: http.Server;
  let config: ChatConfig;
  let received: Received[];
  let replies: { stories: () => Reply; review: () => Reply };

  beforeAll(async () => {
    server = http.createServer(async (request, response) => {
      let raw = '';
      for await (const chunk of request) raw += chunk;
      const body = JSON.parse(raw) as Received['body'];
      received.push({
        url: request.url ?? '',
        method: request.method ?? '',
        authorization: request.headers.authorization,
        body,
      });
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        response.statusCode = 404;
        response.end();
        return;
      }
      const reply =
        body.response_format?.json_schema?.name === 'short_edges' ? replies.review() : replies.stories();
      if (reply.hang) return;
      response.statusCode = reply.status ?? 200;
      response.setHeader('content-type', 'application/json');
      response.end(
        reply.raw ??
          JSON.stringify({
            id: `chatcmpl-${received.length}`,
            object: 'chat.completion',
            created: 1,
            model: body.model,
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: reply.content },
                finish_reason: reply.finish ?? 'stop',
              },
            ],
          }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    config = { baseUrl: `http://127.0.0.1:${port}/v1/`, model: 'story-model', apiKey: 'sk-test-123' };
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    received = [];
    replies = {
      stories: () => ({ status: 500, content: 'unset' }),
      review: () => ({ content: JSON.stringify({ shorts: [] }) }),
    };
  });

  const input = (maxShorts = 3) => ({ sentences: SENTENCES, fits, maxShorts });
  const json = (value: unknown): Reply => ({ content: JSON.stringify(value) });

  it('plans shorts from a good answer and applies the review', async () => {
    const longTitle =
      'Nobody expected the glacier to move, least of all the people who lived on it for years...';
    replies.stories = () =>
      json({
        stories: [
          story({
            storyFirst: 10,
            storyLast: 16,
            start: 11,
            hook: 12,
            payoff: 15,
            end: 15,
            rubric: { hook: 6, value: 6, selfContained: 6, emotion: 6, shareability: 6 },
            title: 'The second story',
            description: 'Weaker.',
          }),
          story({ title: longTitle }),
        ],
      });
    replies.review = () =>
      json({
        shorts: [
          { id: 's1', startShift: 1, endShift: 0 }, // 2 -> 3, the hook
          { id: 's2', startShift: 0, endShift: 1 }, // 15 -> 16
          { id: 's9', startShift: 1, endShift: 1 }, // unknown: ignored
        ],
      });
    const { log, warnings } = logger();
    const plans = await planShortsWithLlm(config, input(), log, never);
    expect(warnings).toEqual([]);
    expect(plans).toEqual([
      {
        story: { first: 1, last: 8 },
        start: 3,
        end: 7,
        hook: 3,
        payoff: 6,
        rubric: RUBRIC,
        score: 0.735,
        title: 'Nobody expected the glacier to move',
        description: 'A glacier moves. It takes a mountain with it.',
      },
      {
        story: { first: 10, last: 16 },
        start: 11,
        end: 16,
        hook: 12,
        payoff: 15,
        rubric: { hook: 6, value: 6, selfContained: 6, emotion: 6, shareability: 6 },
        score: 0.6,
        title: 'The second story',
        description: 'Weaker.',
      },
    ]);

    // what the server received
    expect(received).toHaveLength(2);
    const [first, review] = received;
    expect(first.method).toBe('POST');
    expect(first.url).toBe('/v1/chat/completions');
    expect(first.authorization).toBe('Bearer sk-test-123');
    expect(first.body.model).toBe('story-model');
    expect(first.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(first.body.messages[0].content).toMatch(/strongest/);
    const lines = first.body.messages[1].content.split('\n').filter((line) => line.startsWith('['));
    expect(lines).toHaveLength(20);
    lines.forEach((line, index) => expect(line).toBe(`[${index}] ${SENTENCES[index].text}`));
    expect(first.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'short_stories', strict: true, schema: strictJsonSchema(StoriesAnswer) },
    });
    expect(review.authorization).toBe('Bearer sk-test-123');
    expect(review.body.model).toBe('story-model');
    expect(review.body.response_format.type).toBe('json_schema');
    expect(review.body.response_format.json_schema.name).toBe('short_edges');
    expect(review.body.response_format.json_schema.strict).toBe(true);
    const asked = review.body.messages[1].content;
    // the better short is s1 (sentences 2..7): one before, two first, two last, one after
    expect(asked).toContain('Short s1: sentences 2 to 7');
    expect(asked).toContain('Short s2: sentences 11 to 15');
    for (const index of [1, 2, 3, 6, 7, 8, 10, 11, 12, 14, 15, 16]) {
      expect(asked).toContain(`[${index}] `);
    }
    for (const index of [0, 4, 5, 9, 13, 17]) expect(asked).not.toContain(`[${index}] `);
  });

  it('sends no Authorization header without an API key', async () => {
    replies.stories = () => json({ stories: [story()] });
    const { log } = logger();
    const plans = await planShortsWithLlm({ ...config, apiKey: undefined }, input(), log, never);
    expect(plans?.map((plan) => [plan.start, plan.end])).toEqual([[2, 7]]);
    expect(received.map((request) => request.authorization)).toEqual([undefined, undefined]);
  });

  it('passes the length band and start times when asked', async () => {
    replies.stories = () => json({ stories: [story()] });
    const { log } = logger();
    await planShortsWithLlm(config, { ...input(), targetSeconds: { min: 10, max: 40 } }, log, never);
    expect(received[0].body.messages[1].content).toContain('between 10 and 40 seconds');
    expect(received[0].body.messages[1].content).toContain('[12] 1:00 Sentence number 12');
  });

  it.each<[string, () => Reply, RegExp]>([
    ['malformed JSON', () => ({ content: '{"stories": [' }), /not valid JSON/],
    [
      'valid JSON of the wrong shape',
      () => json({ shorts: [{ id: 'c1', score: 90 }] }),
      /no "stories" array/,
    ],
    [
      'entries of the wrong shape',
      () => json({ stories: [{ start: 1, end: 4 }, 'x'] }),
      /no valid story.*malformed/,
    ],
    ['an empty list', () => json({ stories: [] }), /no valid story/],
    ['HTTP 500', () => ({ status: 500, raw: '{"error":"boom"}' }), /HTTP 500/],
    ['a body that is not JSON', () => ({ raw: 'Internal error' }), /not valid JSON/],
    ['a body without content', () => ({ raw: JSON.stringify({ choices: [] }) }), /without message content/],
    ['an answer cut off', () => ({ ...json({ stories: [story()] }), finish: 'length' }), /cut off/],
  ])('falls back with one warning on %s', async (_label, reply, why) => {
    replies.stories = reply;
    const { log, warnings, infos } = logger();
    expect(await planShortsWithLlm(config, input(), log, never)).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(why);
    expect(warnings[0]).toMatch(/using the local scorer/);
    expect(infos).toEqual([]);
    expect(received).toHaveLength(1); // no review of nothing
  });

  it('drops out-of-range and non-fitting entries individually', async () => {
    replies.stories = () =>
      json({
        stories: [
          story({ end: 20, storyLast: 20 }), // past the last sentence
          story({ storyFirst: 0, storyLast: 16, start: 0, hook: 2, payoff: 14, end: 15 }), // 80 s: does not fit
          story({ start: 4 }), // opens after its hook
          story({ payoff: 8 }), // ends before its payoff
          story({ storyFirst: 12, storyLast: 17, start: 12, hook: 13, payoff: 15, end: 16, title: 'Kept' }),
        ],
      });
    replies.review = () => json({ shorts: [{ id: 's1', startShift: 0, endShift: 0 }] });
    const { log, warnings } = logger();
    const plans = await planShortsWithLlm(config, input(), log, never);
    expect(warnings).toEqual([]);
    expect(plans?.map((plan) => [plan.title, plan.start, plan.end])).toEqual([['Kept', 12, 16]]);
    expect(received[1].body.messages[1].content).toContain('Short s1: sentences 12 to 16');
    expect(received[1].body.messages[1].content).not.toContain('Short s2');
  });

  it('keeps the better of overlapping stories and at most maxShorts', async () => {
    replies.stories = () =>
      json({
        stories: [
          story({ title: 'Weaker overlap', rubric: { ...RUBRIC, hook: 1 } }), // 2..7
          story({ storyFirst: 5, storyLast: 10, start: 5, hook: 5, payoff: 9, end: 10, title: 'Best' }), // 5..10
          story({ storyFirst: 12, storyLast: 15, start: 12, hook: 12, payoff: 14, end: 15, title: 'Third' }),
          story({
            storyFirst: 16,
            storyLast: 19,
            start: 16,
            hook: 16,
            payoff: 19,
            end: 19,
            rubric: { hook: 4, value: 4, selfContained: 4, emotion: 4, shareability: 4 },
            title: 'Fourth',
          }),
        ],
      });
    replies.review = () => json({ shorts: [] });
    const { log } = logger();
    const three = await planShortsWithLlm(config, input(3), log, never);
    expect(three?.map((plan) => plan.title)).toEqual(['Best', 'Third', 'Fourth']);
    const one = await planShortsWithLlm(config, input(1), log, never);
    expect(one?.map((plan) => plan.title)).toEqual(['Best']);
  });

  it('falls back on a timeout when the server never answers', async () => {
    replies.stories = () => ({ hang: true });
    const { log, warnings } = logger();
    // a server that never answers would hold a planner without its own timeout until the test's
    expect(await planShortsWithLlm(config, input(), log, never, { timeoutMs: 300 })).toBeUndefined();
    expect(warnings).toEqual([
      'LLM story planning unavailable (chat endpoint did not answer within 300 ms); using the local scorer',
    ]);
  });

  it.each<[string, () => Reply, RegExp]>([
    ['HTTP 500', () => ({ status: 500, raw: '{}' }), /HTTP 500/],
    ['malformed JSON', () => ({ content: 'no' }), /not valid JSON/],
    ['a wrong shape', () => json({ shorts: [{ id: 's1', startShift: 3, endShift: 0 }] }), /schema/],
    ['a timeout', () => ({ hang: true }), /within 300 ms/],
  ])('keeps the first-pass plans when the review fails with %s', async (_label, reply, why) => {
    replies.stories = () => json({ stories: [story()] });
    replies.review = reply;
    const { log, warnings } = logger();
    const plans = await planShortsWithLlm(config, input(), log, never, { timeoutMs: 300 });
    expect(plans?.map((plan) => [plan.start, plan.end, plan.title])).toEqual([
      [2, 7, 'The glacier that moved a mountain'],
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(why);
    expect(warnings[0]).toMatch(/keeping the first-pass plans/);
    expect(received).toHaveLength(2);
  });

  it.each(['stories', 'review'] as const)(
    'rejects when the caller aborts during the %s pass',
    async (pass) => {
      replies.stories = () => (pass === 'stories' ? { hang: true } : json({ stories: [story()] }));
      replies.review = () => ({ hang: true });
      const controller = new AbortController();
      const { log, warnings } = logger();
      const pending = planShortsWithLlm(config, input(), log, controller.signal, { timeoutMs: 10_000 });
      const expected = pass === 'stories' ? 1 : 2;
      while (received.length < expected) await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort(new Error('job cancelled'));
      await expect(pending).rejects.toThrow('job cancelled');
      expect(warnings).toEqual([]);
    },
  );
});
