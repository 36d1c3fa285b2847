import { subtitleClock as clock } from '../pipeline/captions/subtitles.ts';
import type { SampleTruth } from './generate.ts';

// The ground truth in the transcript formats a user can hand to `clip --transcript`.

export function truthToSrt(truth: SampleTruth): string {
  return truth.sentences
    .map((s, i) => `${i + 1}\n${clock(s.start, ',')} --> ${clock(s.end, ',')}\n${s.text}\n`)
    .join('\n');
}

export function truthToVtt(truth: SampleTruth): string {
  return `WEBVTT\n\n${truth.sentences.map((s) => `${clock(s.start, '.')} --> ${clock(s.end, '.')}\n${s.text}\n`).join('\n')}`;
}

export function truthToWordsJson(truth: SampleTruth): string {
  return `${JSON.stringify({ words: truth.words.map(({ text, start, end }) => ({ text, start, end })) })}\n`;
}
