import { describe, expect, it } from 'vitest';
import { safeWidth, textWidth } from './layout.ts';
import { fitText, OVERLAY_TOP, overlayAss } from './overlay-text.ts';
import { TEMPLATES } from './templates.ts';

const frame = { width: 1080, height: 1920 };
const LONG_CTA =
  'Follow for more practical science explained in under a minute, turn on notifications so you never miss a new ' +
  'episode, and tell us in the comments which topic we should break down next week for all';

describe('text overlays', () => {
  it('wraps a 200-character call-to-action at word boundaries inside the safe width, for every template', () => {
    expect(LONG_CTA.length).toBeLessThanOrEqual(200);
    for (const template of TEMPLATES) {
      const fitted = fitText(LONG_CTA, template, frame, template.fontSize * 0.62, 4);
      expect(fitted.lines.length).toBeLessThanOrEqual(4);
      expect(fitted.lines.join(' ')).toBe(LONG_CTA);
      const sized = { ...template, fontSize: fitted.fontSize };
      for (const line of fitted.lines)
        expect(textWidth(line, sized)).toBeLessThanOrEqual(safeWidth(1080, 1920));
    }
  });

  it('shows the hook title over the first 3 s and the call-to-action over the last 4 s', () => {
    const extras = overlayAss(
      { hookTitle: 'Why bread rises', cta: 'Follow for more' },
      TEMPLATES[0],
      frame,
      30,
    );
    expect(extras.styles.map((s) => s.split(',')[0])).toEqual(['Style: HookTitle', 'Style: CallToAction']);
    expect(extras.events[0]).toMatch(
      /^Dialogue: 2,0:00:00\.00,0:00:03\.00,HookTitle,.*\\t\(0,280,.*Why bread rises$/,
    );
    expect(extras.events[1]).toMatch(/^Dialogue: 2,0:00:26\.00,0:00:30\.00,CallToAction,.*Follow for more$/);
  });

  it('adds nothing when no overlay is asked for, and never overlaps title and call-to-action', () => {
    expect(overlayAss({}, TEMPLATES[0], frame, 30)).toEqual({ styles: [], events: [] });
    const short = overlayAss({ hookTitle: 'Title', cta: 'Go' }, TEMPLATES[0], frame, 5);
    expect(short.events[1]).toContain('0:00:03.00,0:00:05.00,CallToAction');
  });

  it('moves the texts over the gameplay when the speaker fills the top half', () => {
    const marginV = (extras: { styles: string[] }) => Number(extras.styles[0].split(',')[21]);
    expect(marginV(overlayAss({ cta: 'Go' }, TEMPLATES[0], frame, 10))).toBe(192);
    expect(marginV(overlayAss({ cta: 'Go' }, TEMPLATES[0], frame, 10, OVERLAY_TOP.overGameplay))).toBe(1152);
  });

  it('escapes override tags typed by a user', () => {
    const extras = overlayAss({ cta: 'Click {\\b1}here' }, TEMPLATES[0], frame, 10);
    expect(extras.events[0]).not.toContain('{\\b1}');
  });
});
