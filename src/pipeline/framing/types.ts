import type { CropPoint } from './crop-path.ts';

// How a short's picture is made from the source frame. Produced by the framing planner, consumed by render.

export interface Size {
  width: number;
  height: number;
}

export interface Region {
  cx: number;
  cy: number;
  /** width of the source region to show, in source pixels */
  width: number;
}

export type FramingPlan =
  /** centre crop to the output aspect */
  | { kind: 'fill' }
  /** the whole frame over a blurred, scaled copy of itself */
  | { kind: 'fit' }
  /** a crop of fixed size that follows a subject: one top-left point per output frame; it jumps only at `cuts` */
  | { kind: 'track'; crop: Size; fps: number; points: CropPoint[]; cuts: number[] }
  /** two subjects too far apart for one crop: stacked, top and bottom */
  | { kind: 'split'; top: Region; bottom: Region };
