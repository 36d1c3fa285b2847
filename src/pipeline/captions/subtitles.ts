import type { Word } from '../../domain/transcript.ts';
import { paginate } from './layout.ts';
import type { CaptionTemplate } from './templates.ts';

// Plain subtitle files beside each short: one cue per caption page.

/** SRT (`,`) or WebVTT (`.`) timestamp */
export function subtitleClock(seconds: number, separator: ',' | '.'): string {
  const milliseconds = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(milliseconds / 3_600_000);
  const m = Math.floor((milliseconds % 3_600_000) / 60_000);
  const s = Math.floor((milliseconds % 60_000) / 1000);
  const ms = milliseconds % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${separator}${String(ms).padStart(3, '0')}`;
}

function cues(words: readonly Word[], template: CaptionTemplate) {
  return paginate(words, template).map((page) => ({
    start: page[0].start,
    end: page[page.length - 1].end,
    text: page.map((word) => word.text).join(' '),
  }));
}

export function toSrt(words: readonly Word[], template: CaptionTemplate): string {
  return cues(words, template)
    .map(
      (cue, index) =>
        `${index + 1}\n${subtitleClock(cue.start, ',')} --> ${subtitleClock(cue.end, ',')}\n${cue.text}\n`,
    )
    .join('\n');
}

export function toVtt(words: readonly Word[], template: CaptionTemplate): string {
  return `WEBVTT\n\n${cues(words, template)
    .map((cue) => `${subtitleClock(cue.start, '.')} --> ${subtitleClock(cue.end, '.')}\n${cue.text}\n`)
    .join('\n')}`;
}
