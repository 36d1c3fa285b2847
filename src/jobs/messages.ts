import type { Config } from '../config.ts';
import type { RerenderInput } from '../pipeline/rerender.ts';
import type { ClipJobInput } from '../pipeline/run.ts';
import type { WorkingStep } from '../domain/steps.ts';
import type { ClipOptions } from '../domain/options.ts';
import type { RequestResult, StoredShort } from '../store/requests.ts';

// What the worker and its job process say to each other over the IPC channel. The job process runs the
// pipeline (face detection, scoring, ffmpeg) away from the event loop that serves HTTP; it never opens the
// database, which stays with the process that owns it.

/** A request's clipping job. */
export interface ClipJobSpec {
  kind: 'clip';
  requestId: string;
  input: ClipJobInput;
  workDir: string;
  outDir: string;
  config: Config;
  maxWindowSeconds: number;
}

/** A finished short rendered again from its request's kept analysis (in the request's folders). */
export interface RerenderJobSpec {
  kind: 'rerender';
  requestId: string;
  input: RerenderInput;
  requestOptions: ClipOptions;
  workDir: string;
  outDir: string;
  config: Config;
}

export type JobSpec = ClipJobSpec | RerenderJobSpec;

export type ToJobProcess = { type: 'run'; job: JobSpec } | { type: 'abort' };

/** How a job ended; sent only once every tool the job started has exited. */
export type JobOutcome =
  | { kind: 'completed'; result: RequestResult }
  /** a re-render's short, its files in the request's folder (and in storage) */
  | { kind: 'rerendered'; short: StoredShort }
  /** a reason the user can act on (a PipelineError's message) */
  | { kind: 'failed'; reason: string }
  /** stopped because it was asked to */
  | { kind: 'cancelled' }
  /** an unexpected error, or the job process died: worth another attempt */
  | { kind: 'crashed'; message: string };

/** Why a worker stopped a job before it ended by itself. */
export type StopReason = 'cancelled' | 'lost' | 'timeout' | 'shutdown';

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
