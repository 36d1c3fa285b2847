// How a short's picture is made from the source frame. Produced by the framing planner, consumed by render.

export interface Size {
  width: number;
  height: number;
}

/** Top-left corner of the crop window in source pixels at an output frame. */
export interface CropPoint {
  x: number;
  y: number;
}

/** A vertical stretch of the output picture, as fractions of its height: 0 is the top edge, 1 the bottom. */
export interface Band {
  top: number;
  bottom: number;
}

export interface Region {
  cx: number;
  cy: number;
  /** width of the source region to show, in source pixels */
  width: number;
}

/** a crop of fixed size that follows a subject: one top-left point per output frame; it jumps only at `cuts` */
export interface TrackPlan {
  kind: 'track';
  crop: Size;
  fps: number;
  points: CropPoint[];
  cuts: number[];
  /** where heads are seen over the short's opening seconds (the hook title's time); absent in older plans */
  faces?: Band[];
}

/** two subjects too far apart for one crop: stacked, top and bottom */
export interface SplitPlan {
  kind: 'split';
  top: Region;
  bottom: Region;
  /** where heads are seen over the short's opening seconds (the hook title's time); absent in older plans */
  faces?: Band[];
}

/** centre crop to the output aspect */
export interface FillPlan {
  kind: 'fill';
}

/** One framing per run of scenes, `start`/`end` in seconds from the short's start; each part's times start at 0. */
export interface SequencePlan {
  kind: 'sequence';
  parts: { start: number; end: number; plan: TrackPlan | SplitPlan | FillPlan }[];
}

export type FramingPlan =
  | FillPlan
  /** the whole frame over a blurred, scaled copy of itself */
  | { kind: 'fit' }
  | TrackPlan
  | SplitPlan
  | SequencePlan;
