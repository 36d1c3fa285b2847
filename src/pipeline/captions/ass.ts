import type { Word } from '../../domain/transcript.ts';
import { displayText, layoutCaptions, type CaptionPage } from './layout.ts';
import type { CaptionTemplate } from './templates.ts';

// Advanced SubStation Alpha captions, rendered by libass inside ffmpeg. One event per spoken word: the page's
// text with that word's treatment, from the word's start to the next word's start, so timings stay exact.

/** #RRGGBB → &H00BBGGRR */
export function assColor(hex: string, alpha = 0): string {
  const value = hex.replace('#', '');
  const [r, g, b] = [value.slice(0, 2), value.slice(2, 4), value.slice(4, 6)];
  return `&H${alpha.toString(16).padStart(2, '0').toUpperCase()}${b}${g}${r}`.toUpperCase();
}

/** h:mm:ss.cc */
export function assTime(seconds: number): string {
  const centiseconds = Math.max(0, Math.round(seconds * 100));
  const h = Math.floor(centiseconds / 360000);
  const m = Math.floor((centiseconds % 360000) / 6000);
  const s = Math.floor((centiseconds % 6000) / 100);
  const cs = centiseconds % 100;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(cs).padStart(2, '0')}`;
}

/** Text that cannot be read as override tags or line breaks. */
export function escapeAssText(text: string): string {
  return text.replace(/\\/g, '＼').replace(/\{/g, '(').replace(/\}/g, ')').replace(/\n/g, ' ');
}

const HOLD_AFTER_PAGE = 0.35;

function pageText(page: CaptionPage, active: number, template: CaptionTemplate): string {
  const highlight = assColor(template.highlightColor);
  const pieces = page.words.map((word, index) => {
    const text = escapeAssText(displayText(word.text, template));
    const lit =
      template.activeWord === 'sweep'
        ? index <= active
        : template.activeWord === 'none'
          ? false
          : index === active;
    const grow = template.activeWord === 'pop' && index === active;
    const separator = index === 0 ? '' : page.lineBreaks.includes(index) ? '\\N' : ' ';
    if (!lit) return `${separator}${text}`;
    const scale = grow ? '\\fscx112\\fscy112' : '';
    return `${separator}{\\1c${highlight}${scale}}${text}{\\r}`;
  });
  const pageScale =
    page.scale < 1 ? `{\\fscx${Math.floor(page.scale * 100)}\\fscy${Math.floor(page.scale * 100)}}` : '';
  return pageScale + pieces.join('');
}

export function buildAss(
  words: readonly Word[],
  template: CaptionTemplate,
  size: { width: number; height: number },
  extras: { styles: string[]; events: string[] } = { styles: [], events: [] },
): string {
  const scale = size.height / 1920;
  const fontSize = Math.round(template.fontSize * scale);
  const marginV = Math.round(size.height * (1 - template.position) - fontSize / 2);
  const style = [
    'Caption',
    template.font,
    fontSize,
    assColor(template.textColor),
    assColor(template.highlightColor),
    assColor(template.outlineColor),
    assColor('#000000', 0x80),
    template.bold ? -1 : 0,
    template.italic ? -1 : 0,
    0,
    0,
    100,
    100,
    0,
    0,
    template.box ? 3 : 1,
    Math.round(template.outlineWidth * scale),
    Math.round(template.shadow * scale),
    2,
    Math.round(size.width * 0.08),
    Math.round(size.width * 0.08),
    Math.max(0, marginV),
    1,
  ].join(',');
  const events: string[] = [];
  const pages = layoutCaptions(words, template, size);
  pages.forEach((page, pageIndex) => {
    const nextPageStart = pages[pageIndex + 1]?.start ?? Number.POSITIVE_INFINITY;
    const pageEnd = Math.min(page.end + HOLD_AFTER_PAGE, nextPageStart);
    page.words.forEach((word, index) => {
      const start = index === 0 ? page.start : word.start;
      const end = index + 1 < page.words.length ? page.words[index + 1].start : pageEnd;
      if (end <= start) return;
      events.push(
        `Dialogue: 0,${assTime(start)},${assTime(end)},Caption,,0,0,0,,${pageText(page, index, template)}`,
      );
    });
  });
  return [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${size.width}`,
    `PlayResY: ${size.height}`,
    'WrapStyle: 2',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    `Style: ${style}`,
    ...extras.styles,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...events,
    ...extras.events,
    '',
  ].join('\n');
}
