import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../domain/errors.ts';
import { DEFAULT_CLIP_OPTIONS } from '../domain/options.ts';
import type { Transcript } from '../domain/transcript.ts';
import { insideAWord } from '../pipeline/cut-snap.ts';
import { RerenderBody } from './rerender-options.ts';
import { planRerender, type ShortToEdit } from './rerender-plan.ts';
import { validate } from './validate.ts';

const words = ['we', 'start', 'here', 'and', 'we', 'end', 'there'].map((text, i) => ({
  text,
  start: 2 + i,
  end: 2.6 + i,
}));
const transcript: Transcript = { language: 'en', engine: 'file', words, sentences: [], boundaries: [] };
/** the voice detector heard each word, in silence around it (20 ms loudness steps over the 10 s window) */
const heard = {
  activity: { regions: words.map(({ start, end }) => ({ start, end })) },
  envelope: {
    stepSeconds: 0.02,
    db: Array.from({ length: 500 }, (_, i) => (insideAWord(words, (i + 0.5) * 0.02) ? -20 : -100)),
  },
};
const silent = { ...heard, activity: { regions: [] } };
const short: ShortToEdit = {
  id: 'a'.repeat(24),
  rank: 0,
  start: 3,
  end: 6.6,
  sentenceIndexes: [0],
  title: 'T',
  description: 'D',
  reason: 'R',
  viralScore: 50,
};
/** the window starts 100 s into the source */
const window = { start: 100, end: 110 };
const plan = (body: unknown, edit: ShortToEdit = short, voice = heard) =>
  planRerender(validate(RerenderBody, body, 'body'), edit, window, DEFAULT_CLIP_OPTIONS, {
    transcript,
    voice,
  });
const refusal = (body: unknown) => {
  try {
    plan(body);
  } catch (error) {
    return (error as InvalidInputError).fields;
  }
  return undefined;
};

describe('planRerender', () => {
  it('snaps new bounds (source clock) into the pauses around the nearest speech and says where', () => {
    const planned = plan({ start: 102.3, end: 105.9 });
    // as a job cuts: 0.15 s before the onset, 0.25 s after the offset, inside the pause
    expect(planned.snapped).toEqual({ start: 101.85, end: 105.85 });
    expect(planned.input.span).toEqual({ start: 1.85, end: 5.85 });
  });

  it('snaps to word edges when the voice detector heard no speech', () => {
    const planned = plan({ start: 102.3, end: 105.9 }, short, silent);
    expect(planned.snapped).toEqual({ start: 102, end: 105.6 });
    expect(planned.input.span).toEqual({ start: 2, end: 5.6 });
  });

  it('keeps the bound that is not asked for', () => {
    expect(plan({ start: 101.9 }).input.span).toEqual({ start: 1.85, end: 6.6 });
    expect(plan({ end: 107.5 }).input.span).toEqual({ start: 3, end: 7.85 });
  });

  it('keeps the bounds of a short whose look alone changes, and lays the look over the options', () => {
    const planned = plan({ layout: 'fit', trimPauses: true });
    expect(planned.input.span).toEqual({ start: 3, end: 6.6 });
    expect(planned.input.options).toMatchObject({ layout: 'fit', trimPauses: true, language: 'en' });
    expect(planned.look).toEqual({ layout: 'fit', trimPauses: true });
    expect(plan({ music: false }, { ...short, look: { layout: 'fit' } }).look).toEqual({
      layout: 'fit',
      music: false,
    });
  });

  it('turns caption edits into transcript indexes, keeping earlier ones', () => {
    const planned = plan(
      { captionEdits: [{ word: 0, text: 'Start' }] },
      { ...short, captionEdits: { '5': 'END' } },
    );
    expect(planned.input.captionEdits).toEqual({ '1': 'Start', '5': 'END' });
  });

  it('names the field it refuses', () => {
    expect(refusal({})).toHaveProperty('body');
    expect(refusal({ start: 99 })).toHaveProperty('start');
    expect(refusal({ end: 111 })).toHaveProperty('end');
    expect(refusal({ start: 105, end: 104 })).toHaveProperty('end');
    expect(refusal({ end: 103 })).toHaveProperty('end');
    expect(refusal({ captionEdits: [{ word: 4, text: 'x' }] })).toHaveProperty(['captionEdits.0.word']);
    expect(refusal({ ctaEnabled: true })).toHaveProperty('ctaText');
    expect(refusal({ speed: 2 })).toHaveProperty('body');
  });
});
