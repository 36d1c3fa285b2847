// A transcript: the words heard, with their times, grouped into sentences.

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
