import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipManifest } from '../src/cli/clip.ts';
import { junkShare, opensOnHook, storyOfShort, TITLE_MAX_LENGTH } from '../src/eval/stories.ts';
import type { GeneratedSample } from '../src/sample/generate.ts';
import { truthToSrt } from '../src/sample/transcript-files.ts';
import { clipWithTranscript } from './helpers/cli.ts';
import { cachedSample } from './helpers/sample-cache.ts';

// Issue "Shorts worth posting": a podcast that opens with a teaser (a striking line told in full later), leads
// into its stories before their hooks, and has a sponsor read in the middle. Given its true transcript as an
// SRT file, `clipforge clip` should open its best short on a story's hook, give each story one short, title
// every short so it can be posted as it is, and leave the teaser and the sponsor read alone.

let dir: string;
let sample: GeneratedSample;
let manifest: ClipManifest;
const spans = () =>
  manifest.shorts.map((short) => ({
    start: short.startTimestamp,
    end: short.endTimestamp,
    title: short.title,
  }));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-stories-'));
  sample = await cachedSample({ script: 'podcast', width: 640, height: 360 });
  const srt = path.join(dir, 'podcast.srt');
  await writeFile(srt, truthToSrt(sample.truth));
  manifest = await clipWithTranscript(sample.videoPath, srt, path.join(dir, 'out'));
  expect(manifest.shorts.length).toBeGreaterThanOrEqual(1);
}, 900_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('shorts of a scripted podcast with a cold open, lead-ins and a sponsor read', () => {
  it('opens the first short on its story’s hook (not on the lead-in before it)', () => {
    const { stories = [], sentences } = sample.truth;
    const [first] = spans();
    const story = storyOfShort(first, stories);
    expect(story, `the first short (${first.start}–${first.end} s) lies in no story`).toBeDefined();
    const hookOnset = sentences[story!.hook].start;
    expect(
      opensOnHook(first, stories, sentences),
      `starts at ${first.start} s; the hook of "${story!.id}" begins at ${hookOnset} s`,
    ).toBe(true);
  });

  it('gives no story two shorts', () => {
    const ids = spans()
      .map((short) => storyOfShort(short, sample.truth.stories ?? [])?.id)
      .filter((id): id is string => id !== undefined);
    expect(ids).toEqual([...new Set(ids)]);
  });

  it('titles every short without an ellipsis and in at most 60 characters', () => {
    for (const { title } of spans()) {
      expect(title).not.toMatch(/(…|\.\.\.)\s*$/);
      expect(title.length, title).toBeLessThanOrEqual(TITLE_MAX_LENGTH);
    }
  });

  it('makes no short that is mostly the cold open or the sponsor read', () => {
    for (const short of spans()) {
      const share = junkShare(short, sample.truth.sentences, new Set(['cold-open', 'sponsor']));
      expect(share, `${short.start}–${short.end} s "${short.title}"`).toBeLessThanOrEqual(0.5);
    }
  });
});
