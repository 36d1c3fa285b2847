import { describe, expect, it } from 'vitest';
import { safeWidth, textWidth } from './layout.ts';
import {
  blockHeight,
  captionsTop,
  fitText,
  fitTitle,
  OVERLAY_TOP,
  overlayAss,
  placeTitle,
  SAFE_TOP,
  TITLE_MARGIN,
} from './overlay-text.ts';
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

describe('hook title placement off the heads', () => {
  const captions = 0.62;

  it('stays at 10 % when the heads are lower, rises a little when it just fits above them', () => {
    expect(placeTitle(0.1, [{ top: 0.35, bottom: 0.6 }], captions)).toEqual({
      top: OVERLAY_TOP.normal,
      overlap: 0,
    });
    const raised = placeTitle(0.1, [{ top: 0.2, bottom: 0.5 }], captions);
    expect(raised.top).toBeCloseTo(0.2 - TITLE_MARGIN - 0.1, 9);
    expect(raised.top).toBeGreaterThanOrEqual(SAFE_TOP);
    expect(placeTitle(0.1, [], captions)).toEqual({ top: OVERLAY_TOP.normal, overlap: 0 });
  });

  it('goes just below a high head, above the captions', () => {
    const placed = placeTitle(0.1, [{ top: 0.06, bottom: 0.3 }], captions);
    expect(placed).toEqual({ top: 0.3 + TITLE_MARGIN, overlap: 0 });
    expect(placed.top + 0.1).toBeLessThanOrEqual(captions - TITLE_MARGIN);
  });

  it('goes between the halves of a split when the top head is high', () => {
    const faces = [
      { top: 0.05, bottom: 0.28 },
      { top: 0.55, bottom: 0.78 },
    ];
    expect(placeTitle(0.1, faces, captions)).toEqual({ top: 0.28 + TITLE_MARGIN, overlap: 0 });
  });

  it('takes the freest place when no place is clear', () => {
    const placed = placeTitle(0.1, [{ top: 0.05, bottom: 0.55 }], captions);
    expect(placed.overlap).toBeGreaterThan(0);
    // the block starts just below the head and reaches into the captions' margin by the least possible
    expect(placed.overlap).toBeCloseTo(0.57 + 0.1 - (captions - TITLE_MARGIN), 9);
    expect(placed.top).toBeCloseTo(0.55 + TITLE_MARGIN, 9);
  });

  it('shrinks the title to fewer lines and a smaller size to fit the room left below a big head', () => {
    const template = TEMPLATES[0];
    const faces = [{ top: 0.05, bottom: 0.5 }];
    const title = 'Why sourdough needs time and patience';
    const full = fitText(title, template, frame, template.fontSize * 0.9, 3);
    expect(blockHeight(full)).toBeGreaterThan(captionsTop(template) - TITLE_MARGIN - (0.5 + TITLE_MARGIN));
    const fitted = fitTitle(title, template, frame, faces);
    expect(fitted.fontSize).toBeLessThan(full.fontSize);
    expect(fitted.lines.join(' ')).toBe(title);
    expect(fitted.top).toBeCloseTo(0.5 + TITLE_MARGIN, 9);
    expect(fitted.top + blockHeight(fitted)).toBeLessThanOrEqual(captionsTop(template) - TITLE_MARGIN);
  });

  it('the hook title style moves below a high head; the call-to-action keeps its place', () => {
    const marginV = (style: string) => Number(style.split(',')[21]);
    const extras = overlayAss(
      { hookTitle: 'Why bread rises', cta: 'Follow' },
      TEMPLATES[0],
      frame,
      30,
      OVERLAY_TOP.normal,
      [{ top: 0.06, bottom: 0.3 }],
    );
    expect(marginV(extras.styles[0])).toBe(Math.round(1920 * (0.3 + TITLE_MARGIN)));
    expect(marginV(extras.styles[1])).toBe(192);
    const plain = overlayAss({ hookTitle: 'Why bread rises' }, TEMPLATES[0], frame, 30);
    expect(marginV(plain.styles[0])).toBe(192);
  });

  it('places the caption block from the template position', () => {
    const template = TEMPLATES[0];
    expect(captionsTop(template)).toBeCloseTo(template.position - (2 * template.fontSize) / 1920, 9);
  });
});
