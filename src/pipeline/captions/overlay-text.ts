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

/** ASS styles and events for the overlays asked for, over a short of `duration` seconds. */
export function overlayAss(
  overlays: TextOverlays,
  template: CaptionTemplate,
  size: { width: number; height: number },
  duration: number,
  top: number = OVERLAY_TOP.normal,
): AssExtras {
  const extras: AssExtras = { styles: [], events: [] };
  const transform = (text: string) => (template.textCase === 'upper' ? text.toUpperCase() : text);
  let titleEnd = 0;
  if (overlays.hookTitle?.trim()) {
    const fitted = fitText(transform(overlays.hookTitle), template, size, template.fontSize * 0.9, 3);
    titleEnd = Math.min(HOOK_TITLE_SECONDS, duration);
    extras.styles.push(
      style('HookTitle', template, size, {
        fontSize: fitted.fontSize,
        text: template.highlightColor,
        outline: template.outlineColor,
        back: '#000000',
        box: false,
        marginV: top,
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
