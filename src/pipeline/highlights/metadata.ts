import type { Sentence } from '../types.ts';
import type { FeatureScores } from './score.ts';

// Title, social caption with hashtags, and the reason a segment was chosen — all from its own words and scores.

const SMALL_WORDS = new Set('a an and as at but by for in of on or the to vs via with from into'.split(' '));

export function titleCase(text: string): string {
  return text
    .split(/\s+/)
    .map((word, index) =>
      index > 0 && SMALL_WORDS.has(word.toLowerCase())
        ? word.toLowerCase()
        : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(' ');
}

/** Cuts at a word boundary to at most `max` characters. */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max * 0.5 ? space : max).replace(/[,;:\s]+$/, '')}…`;
}

export function makeTitle(
  sentences: readonly Sentence[],
  hookFirst: boolean,
  keywords: readonly string[],
): string {
  const opening = sentences[0]?.text ?? '';
  const keywordHits = (text: string) =>
    keywords.filter((keyword) => text.toLowerCase().includes(keyword)).length;
  const source = hookFirst
    ? opening
    : ([...sentences].sort((a, b) => keywordHits(b.text) - keywordHits(a.text) || a.index - b.index)[0]
        ?.text ?? opening);
  const isQuestion = /\?\s*$/.test(source);
  const title = titleCase(truncateWords(source.replace(/[.!…]+$/, '').trim(), 70));
  return isQuestion && !/[?…]$/.test(title) ? `${title}?` : title;
}

export function hashtags(keywords: readonly string[], count = 4): string[] {
  return [...new Set(keywords.map((keyword) => keyword.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')))]
    .filter((tag) => tag.length > 2)
    .slice(0, count)
    .map((tag) => `#${tag}`);
}

export function makeDescription(sentences: readonly Sentence[], keywords: readonly string[]): string {
  const lead = truncateWords(
    sentences
      .slice(0, 2)
      .map((sentence) => sentence.text)
      .join(' '),
    160,
  );
  const tags = [...hashtags(keywords), '#shorts'];
  return `${lead} ${tags.join(' ')}`;
}

export function makeReason(features: FeatureScores, keywords: readonly string[]): string {
  const strengths: string[] = [];
  if (features.hook >= 0.5) strengths.push('opens with a strong hook');
  if (features.coherence >= 0.5) {
    strengths.push(`stays on one topic${keywords.length ? ` (${keywords.slice(0, 2).join(', ')})` : ''}`);
  }
  if (features.selfContained >= 0.8) strengths.push('stands on its own without earlier context');
  if (features.keywords >= 0.5) strengths.push('is dense with the talk’s key ideas');
  if (features.specificity >= 0.7) strengths.push('makes concrete, specific points');
  if (features.pace >= 0.8) strengths.push('keeps a lively pace');
  if (features.energy >= 0.65) strengths.push('is delivered with energy');
  if (features.laughter >= 0.5) strengths.push('gets a laugh');
  if ((features.heatmap ?? 0) >= 0.6) strengths.push('is among the most replayed moments');
  const weaknesses: string[] = [];
  if (features.sponsor > 0) weaknesses.push('contains a sponsor read');
  if (features.filler > 0) weaknesses.push('contains filler or housekeeping');
  const join = (parts: string[]) =>
    parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const praise = strengths.length
    ? `This segment ${join(strengths)}.`
    : 'This is the strongest complete passage of the window.';
  return weaknesses.length ? `${praise} It ranks lower because it ${join(weaknesses)}.` : praise;
}
