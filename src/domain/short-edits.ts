import type { ClipOptions } from './options.ts';

// What a user may change about one finished short when rendering it again (spec §11): its look (template,
// layout, overlays), its tightening, and corrected caption words. The look is kept with the short, so a later
// re-render of it starts from the last one.

/** The options a short may override of its request's; the rest (language, length, transcriber) stay the request's. */
export type ShortLookOption =
  | 'templateId'
  | 'layout'
  | 'hookTitle'
  | 'ctaEnabled'
  | 'ctaText'
  | 'music'
  | 'musicName'
  | 'musicVolume'
  | 'trimPauses';

export const SHORT_LOOK_OPTIONS: readonly ShortLookOption[] = [
  'templateId',
  'layout',
  'hookTitle',
  'ctaEnabled',
  'ctaText',
  'music',
  'musicName',
  'musicVolume',
  'trimPauses',
];

export type ShortLook = Partial<Pick<ClipOptions, ShortLookOption>>;

/** A short's corrected words: the index of a word in its request's transcript → the text shown instead. */
export type CaptionEdits = Record<string, string>;

/** The request's options with a short's own look laid over them. */
export function optionsOfShort(options: ClipOptions, look: ShortLook | undefined): ClipOptions {
  const own = Object.fromEntries(Object.entries(look ?? {}).filter(([, value]) => value !== undefined));
  return { ...options, ...own };
}
