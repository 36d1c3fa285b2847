// The shorts a job makes: a chosen segment, and that segment rendered to files.

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
