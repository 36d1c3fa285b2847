// The steps of a clipping job, the message each shows, and the progress a running step reports.

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
