// What a user may ask of a clipping job: lengths, layouts, languages, transcription engines, and the defaults.

export const PREFERRED_LENGTHS = [
  'under30sec',
  'under60sec',
  'under90sec',
  'under3min',
  'under5min',
  'under10min',
] as const;
export type PreferredLength = (typeof PREFERRED_LENGTHS)[number];

/** Length bands in seconds (spec §3.1). */
export const LENGTH_BANDS: Record<PreferredLength, { min: number; max: number }> = {
  under30sec: { min: 10, max: 30 },
  under60sec: { min: 15, max: 60 },
  under90sec: { min: 25, max: 90 },
  under3min: { min: 45, max: 180 },
  under5min: { min: 75, max: 300 },
  under10min: { min: 150, max: 600 },
};

/** The longest window of the source a request may clip (spec §3.1: end − start ≤ 1200). */
export const MAX_WINDOW_SECONDS = 1200;

export const LAYOUTS = ['auto', 'fill', 'fit', 'square'] as const;
export type Layout = (typeof LAYOUTS)[number];

export const LANGUAGES = [
  'en',
  'es',
  'fr',
  'de',
  'it',
  'pt',
  'ru',
  'ja',
  'ko',
  'zh',
  'ar',
  'hi',
  'tr',
  'pl',
  'nl',
  'sv',
  'no',
  'da',
  'fi',
  'cs',
] as const;
export type Language = (typeof LANGUAGES)[number];

export const TRANSCRIBERS = ['auto', 'whisper', 'pocketsphinx', 'openai'] as const;
export type Transcriber = (typeof TRANSCRIBERS)[number];

/** What a user may ask of a clipping job (spec §3.1 options), after validation and defaults. */
export interface ClipOptions {
  preferredLength: PreferredLength;
  language: Language;
  /** equal to `language` unless translated captions are asked for */
  captionLanguage: Language;
  templateId: string;
  noClipping: boolean;
  layout: Layout;
  hookTitle: boolean;
  memeHook: boolean;
  memeHookName?: string;
  gameVideo: boolean;
  gameVideoName?: string;
  ctaEnabled: boolean;
  ctaText?: string;
  music: boolean;
  musicName?: string;
  /** 0..100 */
  musicVolume: number;
  /** shorten silences and drop the fillers the recogniser is sure of (see pipeline/tighten/) */
  trimPauses: boolean;
  /** a user-supplied transcript (SRT, VTT or JSON words) that replaces recognition */
  transcriptPath?: string;
  /** overrides the configured transcription engine */
  transcriber?: Transcriber;
}

export const DEFAULT_CLIP_OPTIONS: ClipOptions = {
  preferredLength: 'under60sec',
  language: 'en',
  captionLanguage: 'en',
  templateId: '660b8531aedb346bbe26eb43',
  noClipping: false,
  layout: 'auto',
  hookTitle: false,
  memeHook: false,
  gameVideo: false,
  ctaEnabled: false,
  music: false,
  musicVolume: 10,
  trimPauses: false,
};
