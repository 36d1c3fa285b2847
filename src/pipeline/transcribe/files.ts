import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { spreadWords } from '../../engines/transcription/openai.ts';
import { PipelineError } from '../../domain/errors.ts';
import type { Word } from '../../domain/transcript.ts';

// Transcripts a user already has: SRT, WebVTT (incl. YouTube's word-timed auto captions) and JSON word lists.

/** "01:02:03,456", "02:03.456" or "3.5" → seconds */
export function parseTimestamp(text: string): number {
  const parts = text.trim().replace(',', '.').split(':').map(Number);
  if (parts.some((part) => !Number.isFinite(part))) throw new Error(`Bad timestamp "${text}"`);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

const CUE_TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})/;
const INLINE_TIME = /<(?:\d+:)?\d{1,2}:\d{2}\.\d{3}>/;

function stripTags(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ');
}

interface Cue {
  start: number;
  end: number;
  lines: string[];
}

function parseCues(text: string): Cue[] {
  const cues: Cue[] = [];
  let current: Cue | undefined;
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const timing = CUE_TIMING.exec(line);
    if (timing) {
      current = { start: parseTimestamp(timing[1]), end: parseTimestamp(timing[2]), lines: [] };
      cues.push(current);
    } else if (line.trim() === '') {
      current = undefined;
    } else if (current) {
      current.lines.push(line);
    }
  }
  return cues;
}

/** Words of one cue: inline <time> tags give each word its start; otherwise words are spread by length. */
function cueWords(cue: Cue, raw: string): Word[] {
  if (!INLINE_TIME.test(raw)) return spreadWords(stripTags(raw), cue.start, cue.end);
  const words: Word[] = [];
  let cursor = cue.start;
  for (const piece of raw.split(/(<(?:\d+:)?\d{1,2}:\d{2}\.\d{3}>)/)) {
    const time = /^<((?:\d+:)?\d{1,2}:\d{2}\.\d{3})>$/.exec(piece);
    if (time) {
      cursor = parseTimestamp(time[1]);
      continue;
    }
    for (const token of stripTags(piece).split(/\s+/).filter(Boolean)) {
      if (words.length) words[words.length - 1].end = Math.max(words[words.length - 1].start, cursor);
      words.push({ text: token, start: cursor, end: cue.end });
    }
  }
  return words;
}

/**
 * Subtitle cues → words. YouTube's word-timed auto captions roll: each cue repeats the previous line as plain
 * text, and only lines with inline <time> tags are new speech, so in such files only those lines are read.
 */
export function parseSubtitles(text: string): Word[] {
  const cues = parseCues(text);
  const wordTimed = cues.some((cue) => cue.lines.some((line) => INLINE_TIME.test(line)));
  return cues.flatMap((cue) => {
    const lines = wordTimed ? cue.lines.filter((line) => INLINE_TIME.test(line)) : cue.lines;
    return lines.length ? cueWords(cue, lines.join(' ')) : [];
  });
}

interface JsonWord {
  text?: string;
  word?: string;
  start?: number;
  end?: number;
}

export function parseJsonWords(text: string): Word[] {
  const body = JSON.parse(text) as JsonWord[] | { words?: JsonWord[] };
  const list = Array.isArray(body) ? body : body.words;
  if (!Array.isArray(list)) throw new PipelineError('The JSON transcript has no "words" list');
  return list.map((item, index) => {
    const value = item.text ?? item.word;
    if (typeof value !== 'string' || !Number.isFinite(item.start) || !Number.isFinite(item.end)) {
      throw new PipelineError(`The JSON transcript's word ${index + 1} needs "text", "start" and "end"`);
    }
    return { text: value.trim(), start: item.start as number, end: item.end as number };
  });
}

/** Loads a transcript file and keeps the words inside `window`, re-timed relative to its start. */
export async function loadTranscriptFile(
  file: string,
  window: { start: number; end: number },
): Promise<Word[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new PipelineError(`Transcript file not found: ${file}`);
  }
  const extension = path.extname(file).toLowerCase();
  let words: Word[];
  try {
    words = extension === '.json' ? parseJsonWords(text) : parseSubtitles(text);
  } catch (error) {
    if (error instanceof PipelineError) throw error;
    throw new PipelineError(
      `The transcript ${path.basename(file)} could not be read: ${(error as Error).message}`,
    );
  }
  return words
    .filter((word) => word.text && word.start >= window.start - 0.01 && word.end <= window.end + 0.01)
    .map((word) => {
      const shift = (time: number) => Math.max(0, Math.min(window.end, time) - window.start);
      const { span, ...timed } = word;
      return {
        ...timed,
        start: Math.max(0, word.start - window.start),
        end: shift(word.end),
        ...(span ? { span: { start: shift(span.start), end: shift(span.end) } } : {}),
      };
    });
}
