import { describe, expect, it } from 'vitest';
import { cachedSample } from '../../test/helpers/sample-cache.ts';
import { findTalk } from './talks.ts';

// A scripted talk comes out of the generator line for line, each line in its speaker's voice, with its story
// truth: sentence times that follow the words, and a story list whose hooks and payoffs point at the right lines.

describe('generateSampleTalk with a script', () => {
  it('speaks the podcast whole and records its stories', async () => {
    const { truth } = await cachedSample({ script: 'podcast', width: 640, height: 360 });
    const talk = findTalk('podcast');
    const lines = talk.passages.flatMap((passage) =>
      passage.lines.map((line) => ({ ...line, id: passage.id, kind: passage.kind })),
    );
    expect(truth.script).toBe('podcast');
    expect(truth.sentences.map((s) => s.text)).toEqual(lines.map((line) => line.text));
    expect(truth.sentences.map((s) => [s.storyId, s.voice, s.role, s.kind])).toEqual(
      lines.map((line) => [line.id, line.voice, line.role, line.kind]),
    );
    expect(truth.duration).toBeGreaterThan(180);
    expect(truth.duration).toBeLessThan(360);
    const words = truth.words;
    expect(words.map((w) => w.text).join(' ')).toBe(lines.map((line) => line.text).join(' '));
    expect(truth.stories?.map((story) => story.id)).toEqual(['battery', 'cotton', 'heights']);
    for (const story of truth.stories ?? []) {
      expect(truth.sentences[story.hook].role).toBe('hook');
      expect(truth.sentences[story.payoff].role).toBe('payoff');
      expect(story.start).toBe(truth.sentences[story.first].start);
      expect(story.end).toBe(truth.sentences[story.last].end);
    }
    expect(truth.topics.map((topic) => topic.kind)).toEqual(talk.passages.map((passage) => passage.kind));
  }, 300_000);
});
