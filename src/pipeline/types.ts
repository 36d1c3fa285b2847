// Shared vocabulary of the pipeline. Every stage speaks these types; nothing here knows of HTTP or queues.

export interface Word {
  text: string;
  /** seconds, relative to the start of the requested window */
  start: number;
  end: number;
  confidence?: number;
  /** the cue or segment these times were spread over: they are estimates inside it, not heard */
  span?: { start: number; end: number };
}

export interface Sentence {
  index: number;
  text: string;
  start: number;
  end: number;
  words: Word[];
}

/** The pause between two consecutive sentences, and how sure it is that a sentence ends there. */
export interface SentenceBoundary {
  /** speech offset of the sentence before */
  start: number;
  /** speech onset of the sentence after */
  end: number;
  /** 0..1 */
  strength: number;
}

export interface Transcript {
  language: string;
  /** engine that produced the words: whisper, pocketsphinx, openai, youtube, file */
  engine: string;
  words: Word[];
  sentences: Sentence[];
  /** between sentence i and i + 1 */
  boundaries: SentenceBoundary[];
}

export const STEPS = [
  'queued',
  'fetching_video',
  'transcribing_audio',
  'finding_highlights',
  'finalizing',
  'completed',
  'failed',
  'cancelled',
] as const;
export type Step = (typeof STEPS)[number];

export const STEP_MESSAGES: Record<Step, string> = {
  queued: 'Waiting in queue...',
  fetching_video: 'Fetching video...',
  transcribing_audio: 'Analyzing video...',
  finding_highlights: 'Finding interesting segments...',
  finalizing: 'Finalizing data...',
  completed: 'Task complete!',
  failed: 'Processing failed',
  cancelled: 'Request cancelled',
};

/** Base progress of each working step; within a step progress rises toward the next base. */
export const STEP_BASE_PROGRESS = {
  queued: 0,
  fetching_video: 20,
  transcribing_audio: 40,
  finding_highlights: 60,
  finalizing: 80,
  completed: 100,
} as const;

export type WorkingStep = 'fetching_video' | 'transcribing_audio' | 'finding_highlights' | 'finalizing';

export interface ProgressEvent {
  step: WorkingStep;
  /** fraction 0..1 of the current step's measured work */
  fraction: number;
  detail?: string;
}
export type ProgressListener = (event: ProgressEvent) => void;

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

/** A chosen segment, before rendering. Times are relative to the window start. */
export interface Highlight {
  start: number;
  end: number;
  sentenceIndexes: number[];
  title: string;
  /** social caption with hashtags inline */
  description: string;
  reason: string;
  /** 0..100 */
  viralScore: number;
}

/** A short on disk, after rendering. */
export interface RenderedShort extends Highlight {
  id: string;
  /** position in the ranking, 0 = best */
  rank: number;
  videoPath: string;
  thumbnailPath: string;
  srtPath: string;
  vttPath: string;
  width: number;
  height: number;
  duration: number;
  sha256: string;
  bytes: number;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

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
};
