import { describe, expect, it } from 'vitest';
import { storiesOf } from './story-truth.ts';
import { HELD_OUT_TALKS } from './held-out-talks.ts';
import { isStoryPassage, TALKS } from './talks.ts';

describe('storiesOf', () => {
  it('lists content stories and answered Q&A with their hook and payoff, skipping other passages', () => {
    const s = (index: number, storyId: string, kind: string, role = 'body') =>
      ({ index, start: index * 2, end: index * 2 + 1.5, storyId, kind, role }) as const;
    const sentences = [
      s(0, 'hi', 'intro'),
      s(1, 'a', 'content', 'lead-in'),
      s(2, 'a', 'content', 'hook'),
      s(3, 'a', 'content', 'payoff'),
      s(4, 'ad', 'sponsor'),
      s(5, 'q', 'qa', 'hook'),
      s(6, 'q', 'qa', 'payoff'),
      s(7, 'chat', 'qa'),
    ].map((x) => ({ ...x, kind: x.kind as never, role: x.role as never }));
    expect(storiesOf(sentences)).toEqual([
      { id: 'a', kind: 'content', first: 1, last: 3, hook: 2, payoff: 3, start: 2, end: 7.5 },
      { id: 'q', kind: 'qa', first: 5, last: 6, hook: 5, payoff: 6, start: 10, end: 13.5 },
    ]);
  });

  it('refuses a content story without a hook', () => {
    expect(() =>
      storiesOf([{ index: 0, start: 0, end: 1, storyId: 'a', kind: 'content', role: 'body' }]),
    ).toThrow(/hook/);
  });
});

describe.each([
  ['the scripted talks (tuning)', TALKS],
  ['the held-out talks', HELD_OUT_TALKS],
])('%s', (_, talks) => {
  const passages = talks.flatMap((talk) => talk.passages.map((passage) => ({ talk, passage })));
  const stories = passages.filter(({ passage }) => isStoryPassage(passage));

  it('give every story exactly one hook and one payoff, the payoff after the hook', () => {
    for (const { passage } of stories) {
      const roles = passage.lines.map((line) => line.role);
      expect(roles.filter((role) => role === 'hook')).toHaveLength(1);
      expect(roles.filter((role) => role === 'payoff')).toHaveLength(1);
      expect(roles.indexOf('payoff')).toBeGreaterThan(roles.indexOf('hook'));
      expect(roles.slice(0, roles.indexOf('hook')).every((role) => role === 'lead-in')).toBe(true);
    }
  });

  it('often open a story with a lead-in, and use both voices in every talk', () => {
    const led = stories.filter(({ passage }) => passage.lines[0].role === 'lead-in');
    expect(led.length / stories.length).toBeGreaterThan(0.5);
    expect(
      stories.some(({ passage }) => passage.lines.find((l) => l.role === 'hook')!.voice === 'host'),
    ).toBe(true);
    for (const talk of talks)
      expect(new Set(talk.passages.flatMap((p) => p.lines.map((l) => l.voice))).size).toBe(2);
  });

  it('hold every kind of passage, the sponsor read in the middle and a cold open repeated later', () => {
    const kinds = new Set(passages.map(({ passage }) => passage.kind));
    // asides (content that tells no story) are only in the held-out talks, written after the tuning
    expect([...kinds].filter((kind) => kind !== 'aside').sort()).toEqual(
      ['cold-open', 'content', 'housekeeping', 'intro', 'outro', 'qa', 'sponsor'].sort(),
    );
    for (const talk of talks) {
      const order = talk.passages.map((passage) => passage.kind);
      expect(order.at(-1)).toBe('outro');
      const sponsor = order.indexOf('sponsor');
      if (sponsor >= 0) {
        expect(order.slice(0, sponsor)).toContain('content');
        expect(order.slice(sponsor)).toContain('content');
      }
      if (order.includes('cold-open')) {
        expect(order[0]).toBe('cold-open');
        const teaser = talk.passages[0].lines[0].text.replace(/\.$/, '');
        const later = talk.passages.slice(1).flatMap((p) => p.lines.map((l) => l.text));
        expect(later.some((text) => text.startsWith(teaser))).toBe(true);
      }
    }
  });
});
