import type { CaptionEdits } from '../domain/short-edits.ts';
import type { Word } from '../domain/transcript.ts';

/** The transcript's words with a user's corrections (word index → text) put in, their times unchanged. */
export function withCaptionEdits(words: readonly Word[], edits: CaptionEdits | undefined): Word[] {
  return words.map((word, index) => {
    const text = edits?.[String(index)];
    return text === undefined ? word : { ...word, text };
  });
}
