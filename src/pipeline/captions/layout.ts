import type { Word } from '../../domain/transcript.ts';
import type { CaptionTemplate } from './templates.ts';

// Words into caption pages, and each page into at most two lines that fit the safe width.

export interface CaptionPage {
  words: Word[];
  /** word indexes (into `words`) where a new line starts, after the first */
  lineBreaks: number[];
  /** 1 when the page fits; < 1 when one word alone is too wide and the page is scaled down */
  scale: number;
  start: number;
  end: number;
}

const PAUSE_BREAK = 0.6;
const SENTENCE_END = /[.?!…]["'”’]?$/;
const MAX_LINES = 2;

export function displayText(text: string, template: CaptionTemplate): string {
  if (template.textCase === 'upper') return text.toUpperCase();
  if (template.textCase === 'lower') return text.toLowerCase();
  return text;
}

/** Width in pixels of `text` in the template's font, from its average glyph advance (uppercase is wider). */
export function textWidth(text: string, template: CaptionTemplate): number {
  let width = 0;
  for (const char of text) {
    const wide =
      char >= 'A' && char <= 'Z' ? 1.18 : /[mwMW@]/.test(char) ? 1.35 : /[iljI.,'!:;| ]/.test(char) ? 0.5 : 1;
    width += wide;
  }
  return width * template.fontSize * template.glyphWidth + 2 * template.outlineWidth;
}

export function safeWidth(frameWidth: number, frameHeight: number): number {
  return frameWidth * 0.84 * (1920 / frameHeight);
}

/** Splits words into pages: at most `maxWordsPerPage`, broken at long pauses and sentence ends. */
export function paginate(words: readonly Word[], template: CaptionTemplate): Word[][] {
  const pages: Word[][] = [];
  let page: Word[] = [];
  words.forEach((word, index) => {
    const previous = words[index - 1];
    const pause = previous ? word.start - previous.end : 0;
    if (page.length && (page.length >= template.maxWordsPerPage || pause > PAUSE_BREAK)) {
      pages.push(page);
      page = [];
    }
    page.push(word);
    if (SENTENCE_END.test(word.text)) {
      pages.push(page);
      page = [];
    }
  });
  if (page.length) pages.push(page);
  return pages;
}

/** Greedy wrap at word boundaries: the start index of every line after the first. */
export function lineBreaks(widths: readonly number[], space: number, limit: number): number[] {
  const breaks: number[] = [];
  let line = 0;
  widths.forEach((width, index) => {
    if (index > 0 && line + space + width > limit) {
      breaks.push(index);
      line = width;
    } else {
      line += (index > 0 ? space : 0) + width;
    }
  });
  return breaks;
}

/** Line breaks of a caption page, or undefined when it needs more than two lines. */
function wrap(widths: readonly number[], space: number, limit: number): number[] | undefined {
  const breaks = lineBreaks(widths, space, limit);
  return breaks.length < MAX_LINES ? breaks : undefined;
}

export function layoutPage(
  words: Word[],
  template: CaptionTemplate,
  frame: { width: number; height: number },
): CaptionPage[] {
  const limit = safeWidth(frame.width, frame.height);
  const widths = words.map((word) => textWidth(displayText(word.text, template), template));
  const space = textWidth(' ', template) - 2 * template.outlineWidth;
  const breaks = wrap(widths, space, limit);
  if (breaks === undefined && words.length > 1) {
    const half = Math.ceil(words.length / 2);
    return [
      ...layoutPage(words.slice(0, half), template, frame),
      ...layoutPage(words.slice(half), template, frame),
    ];
  }
  const widest = Math.max(...widths);
  return [
    {
      words,
      lineBreaks: breaks ?? [],
      scale: widest > limit ? limit / widest : 1,
      start: words[0].start,
      end: words[words.length - 1].end,
    },
  ];
}

export function layoutCaptions(
  words: readonly Word[],
  template: CaptionTemplate,
  frame: { width: number; height: number },
): CaptionPage[] {
  return paginate(words, template).flatMap((page) => layoutPage(page, template, frame));
}
