import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEPT_PAUSE, MAX_PAUSE } from '../pipeline/tighten/edit-list.ts';
import { cachedSample } from '../../test/helpers/sample-cache.ts';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';
import { keptWords, tightenTalk, type TightenedTalk } from './tighten-talk.ts';

// Issue 21's pause trimming on a generated talk that pauses 1.5 s wherever it pauses (clauses, sentences), over a music bed and room
// tone (so a join has sound to click in): every pause over MAX_PAUSE is cut to KEPT_PAUSE, each caption within
// 50 ms of where its word sounds in the clip, and no join rises more than 1 dB above its neighbours.

let dir: string;
let talk: TightenedTalk;
let pausesShare: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-tighten-talk-'));
  const sample = await cachedSample({
    durationSeconds: 40,
    width: 640,
    height: 360,
    background: 'music-and-room',
    pause: 1.5,
  });
  const { words } = sample.truth;
  const cut = words
    .slice(1)
    .map((word, i) => word.start - words[i].end)
    .filter((gap) => gap > MAX_PAUSE)
    .reduce((sum, gap) => sum + gap - KEPT_PAUSE, 0);
  pausesShare = cut / (words[words.length - 1].end - words[0].start);
  talk = await tightenTalk(sample, { tools: TEST_TOOLS, signal: new AbortController().signal, workDir: dir });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('tightening a generated talk with 1.5 s pauses', () => {
  it('cuts every pause over 0.6 s to 0.25 s: the talk comes out at least 20 % shorter', () => {
    expect(pausesShare).toBeGreaterThan(0.1);
    const shorter = 1 - talk.clipSeconds / talk.spanSeconds;
    expect(shorter).toBeGreaterThanOrEqual(pausesShare - 0.005);
    expect(shorter).toBeGreaterThanOrEqual(0.2);
  });

  it('shows every caption within 50 ms of its word', () => {
    expect(talk.captionErrorsMs.length).toBeGreaterThan(50);
    expect(Math.max(...talk.captionErrorsMs)).toBeLessThanOrEqual(50);
  });

  it('joins without a click: no join window rises over 1 dB above its neighbours', () => {
    expect(talk.joinRisesDb.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...talk.joinRisesDb)).toBeLessThanOrEqual(1);
  });
});

describe('the clip’s words beside the talk’s', () => {
  it('pairs them in order, past the fillers the clip removed', () => {
    const word = (text: string, start: number) => ({ text, start, end: start + 0.2 });
    const talkWords = [word('okay,', 0), word('um,', 0.3), word('so', 0.6), word('so', 0.9)];
    const clipWords = [word('okay,', 0), word('so', 0.25), word('so', 0.55)];
    expect(keptWords(talkWords, clipWords).map((pair) => pair.heard.start)).toEqual([0, 0.6, 0.9]);
    expect(() => keptWords(talkWords, [word('hello', 0)])).toThrow(/not a word of the talk/);
  });
});
