import { describe, expect, it } from 'vitest';
import { spreadWords } from '../../engines/transcription/openai.ts';
import { transcriptFromWords } from '../transcribe/index.ts';
import { cueSpeech, layWords, retimeToSpeech } from './retime.ts';

describe('words of a cue laid over its heard speech', () => {
  it('reaches back to the voice onset when a cue starts late, but not into the previous cue', () => {
    const regions = [
      { start: 4.9, end: 8.6 },
      { start: 9.6, end: 11.2 },
      { start: 11.8, end: 13.5 },
    ];
    const cues = [
      { start: 4.8, end: 9.9 },
      { start: 9.9, end: 14 },
    ];
    expect(cueSpeech(1, cues, regions)).toEqual([
      { start: 9.6, end: 11.2 },
      { start: 11.8, end: 13.5 },
    ]);
    // a run-on: the region holds the end of the previous cue too
    const runOn = [
      { start: 4.8, end: 7 },
      { start: 7, end: 10 },
    ];
    expect(cueSpeech(1, runOn, [{ start: 5, end: 9.5 }])).toEqual([{ start: 7, end: 9.5 }]);
    expect(cueSpeech(0, runOn, [{ start: 5, end: 9.5 }])).toEqual([{ start: 5, end: 7 }]);
  });

  it('never lays a word across a pause', () => {
    const words = spreadWords('That is where step two comes in.', 9.9, 14);
    const laid = layWords(words, [
      { start: 9.6, end: 11.2 },
      { start: 11.8, end: 13.5 },
    ]);
    expect(laid[0].start).toBe(9.6);
    expect(laid.at(-1)!.end).toBe(13.5);
    for (const word of laid) {
      const inFirst = word.start >= 9.6 && word.end <= 11.2;
      const inSecond = word.start >= 11.8 && word.end <= 13.5;
      expect(inFirst || inSecond).toBe(true);
    }
  });

  it('keeps words that carry their own times', () => {
    const words = [{ text: 'hello', start: 1, end: 1.4 }];
    expect(retimeToSpeech(words, [{ start: 0.5, end: 3 }])).toEqual(words);
  });

  it('starts a sentence of a subtitle file at its first word’s voice onset, not inside the word', () => {
    // speech: "Step one is the plan." 1.0–2.6, "That is where step two comes in." 3.4–5.9; the file's cues are loose
    const regions = [
      { start: 1.0, end: 2.6 },
      { start: 3.4, end: 5.9 },
    ];
    const pauses = [{ start: 2.6, end: 3.4, duration: 0.8 }];
    const words = [
      ...spreadWords('Step one is the plan.', 0.8, 3.9),
      ...spreadWords('That is where step two comes in.', 3.9, 6.2),
    ];
    const transcript = transcriptFromWords(words, 'en', 'file', { regions, pauses });
    expect(transcript.sentences.map((sentence) => sentence.text)).toEqual([
      'Step one is the plan.',
      'That is where step two comes in.',
    ]);
    expect(transcript.sentences[1].start).toBe(3.4);
  });
});
