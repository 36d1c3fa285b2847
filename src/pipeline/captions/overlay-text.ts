import type { Band } from '../framing/types.ts';
import { assColor, assTime, escapeAssText } from './ass.ts';
import { lineBreaks, safeWidth, textWidth } from './layout.ts';
import type { CaptionTemplate } from './templates.ts';

// Text overlays drawn by libass next to the captions: the hook title over the first seconds and the
// call-to-action at the end. Both use the caption template's font and colours, wrap at word boundaries and
// shrink until they fit, so they never run off screen.

export interface TextOverlays {
  hookTitle?: string;
  cta?: string;
}

export interface AssExtras {
  styles: string[];
  events: string[];
}

export const HOOK_TITLE_SECONDS = 3;
export const CTA_SECONDS = 4;
/** Top of the title and call-to-action, as a fraction of the height: above the speaker, or over the gameplay. */
export const OVERLAY_TOP = { normal: 0.1, overGameplay: 0.6 } as const;

/** Height of a line of overlay text, as a multiple of its font size (ascent, descent and outline). */
export const OVERLAY_LINE_HEIGHT = 1.25;
/** Room kept between the hook title and a head or the captions, as a fraction of the height. */
export const TITLE_MARGIN = 0.02;
/** Nothing is drawn above this fraction of the height, where the apps put their own buttons. */
export const SAFE_TOP = 0.05;

/** Where the caption block starts, as a fraction of the height: two lines centred on the template's position. */
export function captionsTop(template: Pick<CaptionTemplate, 'position' | 'fontSize'>): number {
  const bottom = template.position + template.fontSize / 2 / 1920;
  return bottom - (2 * OVERLAY_LINE_HEIGHT * template.fontSize) / 1920;
}

/** Height of a fitted text block, as a fraction of the height (font sizes at the 1920-px reference). */
export function blockHeight(fitted: { lines: string[]; fontSize: number }): number {
  return (fitted.lines.length * OVERLAY_LINE_HEIGHT * fitted.fontSize) / 1920;
}

/** How much of [top, top + height) the bands cover, as a fraction of the height. */
function covered(top: number, height: number, bands: readonly Band[]): number {
  return bands.reduce(
    (sum, band) => sum + Math.max(0, Math.min(top + height, band.bottom) - Math.max(top, band.top)),
    0,
  );
}

export interface TitlePlacement {
  /** top of the title block, as a fraction of the height */
  top: number;
  /** how much of the block lies over a head or the captions, margins included (0 when it is clear of both) */
  overlap: number;
}

/**
 * Where a title block `height` tall goes, given the heads (`faces`, top to bottom, not overlapping) and the top
 * of the captions: at OVERLAY_TOP.normal or higher when it fits above the heads with a margin, else just below
 * a head with the captions or the next head far enough below, else wherever it covers the least.
 */
export function placeTitle(height: number, faces: readonly Band[], captions: number): TitlePlacement {
  const floor = captions - TITLE_MARGIN;
  const preferred = OVERLAY_TOP.normal;
  const highest = faces.length > 0 ? faces[0].top - TITLE_MARGIN : floor;
  if (highest - height >= SAFE_TOP) return { top: Math.min(preferred, highest - height), overlap: 0 };
  for (const [i, face] of faces.entries()) {
    const start = face.bottom + TITLE_MARGIN;
    const end = i + 1 < faces.length ? faces[i + 1].top - TITLE_MARGIN : floor;
    if (end - start >= height) return { top: start, overlap: 0 };
  }
  const blocked = [
    ...faces.map((face) => ({ top: face.top - TITLE_MARGIN, bottom: face.bottom + TITLE_MARGIN })),
    { top: floor, bottom: 1 },
  ];
  const lowest = Math.max(SAFE_TOP, 1 - SAFE_TOP - height);
  const candidates = [
    preferred,
    SAFE_TOP,
    ...faces.flatMap((face) => [face.bottom + TITLE_MARGIN, face.top - TITLE_MARGIN - height]),
    floor - height,
  ].map((top) => Math.min(lowest, Math.max(SAFE_TOP, top)));
  return candidates
    .map((top) => ({ top, overlap: covered(top, height, blocked) }))
    .reduce((best, next) => (next.overlap < best.overlap - 1e-9 ? next : best));
}

/** Font sizes (times the template's) and line limits tried for the hook title, largest first. */
const TITLE_FITS = [
  { size: 0.9, lines: 3 },
  { size: 0.9, lines: 2 },
  { size: 0.72, lines: 2 },
  { size: 0.72, lines: 1 },
  { size: 0.56, lines: 1 },
] as const;

/**
 * The hook title's lines, size and top: the first fit, largest first, that finds a place clear of heads and
 * captions; when none does, the fit that covers the least.
 */
export function fitTitle(
  text: string,
  template: CaptionTemplate,
  frame: { width: number; height: number },
  faces: readonly Band[],
): { lines: string[]; fontSize: number; top: number } {
  const captions = captionsTop(template);
  let best: { lines: string[]; fontSize: number; top: number; overlap: number } | undefined;
  for (const fit of TITLE_FITS) {
    const fitted = fitText(text, template, frame, template.fontSize * fit.size, fit.lines);
    const placed = placeTitle(blockHeight(fitted), faces, captions);
    if (!best || placed.overlap < best.overlap - 1e-9) best = { ...fitted, ...placed };
    if (placed.overlap === 0) break;
  }
  const { lines, fontSize, top } = best!;
  return { lines, fontSize, top };
}

/** Lines of `text` at the largest font size (reference 1920-px height) not above `fontSize` that fit `maxLines`. */
export function fitText(
  text: string,
  template: CaptionTemplate,
  frame: { width: number; height: number },
  fontSize: number,
  maxLines: number,
): { lines: string[]; fontSize: number } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const limit = safeWidth(frame.width, frame.height);
  for (let size = fontSize; ; size = Math.floor(size * 0.9)) {
    const sized = { ...template, fontSize: size };
    const widths = words.map((word) => textWidth(word, sized));
    const breaks = lineBreaks(widths, textWidth(' ', sized) - 2 * sized.outlineWidth, limit);
    const fits = breaks.length < maxLines && Math.max(...widths) <= limit;
    if (fits || size <= 24) {
      const starts = [0, ...breaks];
      const lines = starts.map((start, i) => words.slice(start, starts[i + 1]).join(' '));
      return { lines, fontSize: size };
    }
  }
}

function style(
  name: string,
  template: CaptionTemplate,
  size: { width: number; height: number },
  look: { fontSize: number; text: string; outline: string; back: string; box: boolean; marginV: number },
): string {
  const scale = size.height / 1920;
  return [
    `Style: ${name}`,
    template.font,
    Math.round(look.fontSize * scale),
    assColor(look.text),
    assColor(look.text),
    assColor(look.outline),
    assColor(look.back),
    -1,
    0,
    0,
    0,
    100,
    100,
    0,
    0,
    look.box ? 3 : 1,
    Math.round((look.box ? 14 : template.outlineWidth + 2) * scale),
    0,
    8,
    Math.round(size.width * 0.08),
    Math.round(size.width * 0.08),
    Math.round(size.height * look.marginV),
    1,
  ].join(',');
}

/**
 * ASS styles and events for the overlays asked for, over a short of `duration` seconds, at `top`. With `faces`
 * (where heads are over the opening seconds) the hook title is placed and sized to keep off them instead.
 */
export function overlayAss(
  overlays: TextOverlays,
  template: CaptionTemplate,
  size: { width: number; height: number },
  duration: number,
  top: number = OVERLAY_TOP.normal,
  faces?: readonly Band[],
): AssExtras {
  const extras: AssExtras = { styles: [], events: [] };
  const transform = (text: string) => (template.textCase === 'upper' ? text.toUpperCase() : text);
  let titleEnd = 0;
  if (overlays.hookTitle?.trim()) {
    const text = transform(overlays.hookTitle);
    const fitted = faces
      ? fitTitle(text, template, size, faces)
      : { ...fitText(text, template, size, template.fontSize * 0.9, 3), top };
    titleEnd = Math.min(HOOK_TITLE_SECONDS, duration);
    extras.styles.push(
      style('HookTitle', template, size, {
        fontSize: fitted.fontSize,
        text: template.highlightColor,
        outline: template.outlineColor,
        back: '#000000',
        box: false,
        marginV: fitted.top,
      }),
    );
    const pop = '{\\fad(150,300)\\fscx70\\fscy70\\t(0,280,\\fscx100\\fscy100)}';
    extras.events.push(
      `Dialogue: 2,${assTime(0)},${assTime(titleEnd)},HookTitle,,0,0,0,,${pop}${fitted.lines.map(escapeAssText).join('\\N')}`,
    );
  }
  if (overlays.cta?.trim()) {
    const fitted = fitText(overlays.cta, template, size, template.fontSize * 0.62, 4);
    const start = Math.max(titleEnd, duration - CTA_SECONDS);
    extras.styles.push(
      style('CallToAction', template, size, {
        fontSize: fitted.fontSize,
        text: '#FFFFFF',
        outline: template.box ? template.outlineColor : '#111111',
        back: '#000000',
        box: true,
        marginV: top,
      }),
    );
    extras.events.push(
      `Dialogue: 2,${assTime(start)},${assTime(duration)},CallToAction,,0,0,0,,{\\fad(250,0)}${fitted.lines.map(escapeAssText).join('\\N')}`,
    );
  }
  return extras;
}
