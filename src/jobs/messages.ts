import type { Config } from '../config.ts';
import type { ClipJobInput } from '../pipeline/run.ts';
import type { WorkingStep } from '../domain/steps.ts';
import type { RequestResult } from '../store/requests.ts';

// What the worker and its job process say to each other over the IPC channel. The job process runs the
// pipeline (face detection, scoring, ffmpeg) away from the event loop that serves HTTP; it never opens the
// database, which stays with the process that owns it.

export interface JobSpec {
  requestId: string;
  input: ClipJobInput;
  workDir: string;
  outDir: string;
  config: Config;
  maxWindowSeconds: number;
}

export type ToJobProcess = { type: 'run'; job: JobSpec } | { type: 'abort' };

/** How a job ended; sent only once every tool the job started has exited. */
export type JobOutcome =
  | { kind: 'completed'; result: RequestResult }
  /** a reason the user can act on (a PipelineError's message) */
  | { kind: 'failed'; reason: string }
  /** stopped because it was asked to */
  | { kind: 'cancelled' }
  /** an unexpected error, or the job process died: worth another attempt */
  | { kind: 'crashed'; message: string };

export type FromJobProcess =
  | { type: 'progress'; step: WorkingStep; progress: number }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | { type: 'outcome'; outcome: JobOutcome };

// What `serve` and the catalogue process that makes its catalogue files say to each other.

export interface CatalogueSpec {
  config: Config;
  filesDir: string;
}

/** The spec first; then, any number of times, whether to hold off between files (a job is running). */
export type ToCatalogueProcess = ({ type: 'make' } & CatalogueSpec) | { type: 'pause' } | { type: 'resume' };

export type FromCatalogueProcess =
  { type: 'made'; assetsMade: string[] } | { type: 'failed'; message: string };
