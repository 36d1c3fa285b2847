import type { Word } from '../../domain/transcript.ts';

// How far a transcript's words can be trusted, from the signs it carries itself: the recogniser's own word
// confidences and how word-like its tokens are. Ranking leans on the words in proportion.

/** Used when the engine reports no confidences: text someone supplied, captions or a cloud recogniser. */
const UNREPORTED_CONFIDENCE = 0.9;
/** Tokens with fewer word-like tokens than this share are not believed at all. */
const WORD_LIKE_FLOOR = 0.5;

/** A token that could be a word: letters (any script) with an apostrophe or hyphen inside, no letter run of 4. */
export function isWordLike(token: string): boolean {
  const core = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  if (!core || core.length > 20) return false;
  if (!/^[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*$/u.test(core) && !/^\p{N}+([.,]\p{N}+)?%?$/u.test(core))
    return false;
  if (/(\p{L})\1\1\1/u.test(core)) return false;
  // Latin-script words of more than three letters have a vowel
  if (/^[a-z]{4,}$/i.test(core) && !/[aeiouy]/i.test(core)) return false;
  return true;
}

export function wordLikeRatio(words: readonly Word[]): number {
  if (words.length === 0) return 0;
  return words.filter((word) => isWordLike(word.text)).length / words.length;
}

/** Mean of the engine's word confidences, when it gives them. */
export function meanEngineConfidence(words: readonly Word[]): number | undefined {
  const values = words.map((word) => word.confidence).filter((value): value is number => value !== undefined);
  if (values.length < words.length / 2) return undefined;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** 0..1: the trust a transcript earns. */
export function transcriptConfidence(words: readonly Word[]): number {
  if (words.length === 0) return 0;
  const engine = meanEngineConfidence(words) ?? UNREPORTED_CONFIDENCE;
  const shape = Math.min(1, Math.max(0, (wordLikeRatio(words) - WORD_LIKE_FLOOR) / (0.95 - WORD_LIKE_FLOOR)));
  return Math.round(Math.min(1, Math.max(0, engine)) * shape * 1000) / 1000;
}
