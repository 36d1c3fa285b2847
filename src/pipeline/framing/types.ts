// How a short's picture is made from the source frame. Produced by the framing planner, consumed by render.

export interface Size {
  width: number;
  height: number;
}

/** A crop window centre in source pixels at time t (seconds from the short's start). */
export interface CropKeyframe {
  t: number;
  cx: number;
  cy: number;
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
  /** a crop that follows a subject; `cuts` are scene-cut times where the crop may jump */
  | { kind: 'track'; keyframes: CropKeyframe[]; cuts: number[] }
  /** two subjects too far apart for one crop: stacked, top and bottom */
  | { kind: 'split'; top: Region; bottom: Region };
