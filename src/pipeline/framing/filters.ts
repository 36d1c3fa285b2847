import type { FillPlan, FramingPlan, Region, SequencePlan, Size, SplitPlan, TrackPlan } from './types.ts';

// Filtergraph chains that turn the source picture `[0:v]` into the output frame `[framed]`.

const even = (value: number) => Math.max(2, Math.round(value / 2) * 2);

/** The largest crop of the output's aspect that fits the source. */
export function cropSize(source: Size, output: Size): Size {
  const aspect = output.width / output.height;
  return source.width / source.height > aspect
    ? { width: even(source.height * aspect), height: even(source.height) }
    : { width: even(source.width), height: even(source.width / aspect) };
}

/** Where a framing chain reads and writes, and the tag that keeps its inner labels and filter names unique. */
interface Pads {
  input: string;
  output: string;
  tag: string;
}

const WHOLE: Pads = { input: '0:v', output: 'framed', tag: '' };

/** The `sendcmd` file of a tracked crop (relative to ffmpeg's working directory). */
export function cropCommandFile(baseName: string, tag: string): string {
  return `${baseName}.crop${tag}.cmd`;
}

/** The `crop` filter instance a tracked crop's commands address. */
export const trackCropName = (tag: string) => `crop@track${tag}`;

function fillFilter(source: Size, output: Size, pads: Pads): string {
  const crop = cropSize(source, output);
  return `[${pads.input}]crop=${crop.width}:${crop.height},scale=${output.width}:${output.height},setsar=1[${pads.output}]`;
}

function fitFilter(source: Size, output: Size): string {
  const small = { width: even(output.width / 8), height: even(output.height / 8) };
  const fgHeight = even((output.width * source.height) / source.width);
  return [
    `[0:v]split=2[bgsrc][fgsrc]`,
    `[bgsrc]scale=${small.width}:${small.height}:force_original_aspect_ratio=increase,crop=${small.width}:${small.height},boxblur=6:2,scale=${output.width}:${output.height},eq=brightness=-0.12[bg]`,
    `[fgsrc]scale=${output.width}:${Math.min(fgHeight, output.height)}:force_original_aspect_ratio=decrease[fg]`,
    `[bg][fg]overlay=(W-w)/2:(H-h)/2,setsar=1[framed]`,
  ].join(';');
}

/** The crop starts at the path's first point; `sendcmd` moves it frame by frame from its command file. */
function trackFilter(plan: TrackPlan, output: Size, baseName: string, pads: Pads): string {
  const first = plan.points[0] ?? { x: 0, y: 0 };
  return (
    `[${pads.input}]sendcmd=f=${cropCommandFile(baseName, pads.tag)},` +
    `${trackCropName(pads.tag)}=w=${plan.crop.width}:h=${plan.crop.height}:x=${first.x}:y=${first.y},` +
    `scale=${output.width}:${output.height},setsar=1[${pads.output}]`
  );
}

/** The source pixels of a region, as an even-sized crop inside the source. */
export function regionCrop(region: Region, half: Size, source: Size): { x: number; y: number } & Size {
  const width = Math.min(even(region.width), source.width - (source.width % 2));
  const height = Math.min(
    even((region.width * half.height) / half.width),
    source.height - (source.height % 2),
  );
  const x = Math.round(Math.min(source.width - width, Math.max(0, region.cx - width / 2)));
  const y = Math.round(Math.min(source.height - height, Math.max(0, region.cy - height / 2)));
  return { x, y, width, height };
}

function splitFilter(plan: SplitPlan, source: Size, output: Size, pads: Pads): string {
  const top = { width: output.width, height: even(output.height / 2) };
  const bottom = { width: output.width, height: output.height - top.height };
  const label = (name: string) => `${name}${pads.tag}`;
  const part = (region: Region, size: Size, from: string, to: string) => {
    const crop = regionCrop(region, size, source);
    return `[${label(from)}]crop=${crop.width}:${crop.height}:${crop.x}:${crop.y},scale=${size.width}:${size.height},setsar=1[${label(to)}]`;
  };
  return [
    `[${pads.input}]split=2[${label('topsrc')}][${label('bottomsrc')}]`,
    part(plan.top, top, 'topsrc', 'top'),
    part(plan.bottom, bottom, 'bottomsrc', 'bottom'),
    `[${label('top')}][${label('bottom')}]vstack=inputs=2[${pads.output}]`,
  ].join(';');
}

/** Each part cut out of the picture by time, framed its own way, and the parts joined again. */
function sequenceFilter(plan: SequencePlan, source: Size, output: Size, baseName: string): string {
  const count = plan.parts.length;
  const chains = plan.parts.map((part, i) => {
    const end = i === count - 1 ? '' : `:end=${part.end.toFixed(3)}`;
    return [
      `[part${i}]trim=start=${part.start.toFixed(3)}${end},setpts=PTS-STARTPTS[cut${i}]`,
      partFilter(part.plan, source, output, baseName, {
        input: `cut${i}`,
        output: `framed${i}`,
        tag: String(i),
      }),
    ].join(';');
  });
  const inputs = plan.parts.map((_, i) => `[part${i}]`).join('');
  const outputs = plan.parts.map((_, i) => `[framed${i}]`).join('');
  return [`[0:v]split=${count}${inputs}`, ...chains, `${outputs}concat=n=${count}:v=1:a=0[framed]`].join(';');
}

function partFilter(
  plan: TrackPlan | SplitPlan | FillPlan,
  source: Size,
  output: Size,
  baseName: string,
  pads: Pads,
): string {
  if (plan.kind === 'track') return trackFilter(plan, output, baseName, pads);
  if (plan.kind === 'split') return splitFilter(plan, source, output, pads);
  return fillFilter(source, output, pads);
}

/** Every tracked crop of a plan with the tag its filter and command file use. */
export function trackedParts(plan: FramingPlan): { tag: string; plan: TrackPlan }[] {
  if (plan.kind === 'track') return [{ tag: '', plan }];
  if (plan.kind !== 'sequence') return [];
  return plan.parts.flatMap((part, i) =>
    part.plan.kind === 'track' ? [{ tag: String(i), plan: part.plan }] : [],
  );
}

/** What the source's picture needs before it is framed as it is shown on a standard (SDR, BT.709) screen. */
export interface SourcePicture {
  /** false for pixels that are not square: the picture is scaled to its shown size first */
  squarePixels?: boolean;
  /** a picture in high dynamic range, brought into BT.709's range as SDR screens show it */
  hdr?: 'hlg' | 'pq';
}

/** The filters that make `picture` (shown at `source` size) a square-pixelled BT.709 picture; none when it is one. */
export function sourcePictureFilters(source: Size, picture: SourcePicture): string[] {
  return [
    ...(picture.squarePixels === false ? [`scale=${source.width}:${source.height},setsar=1`] : []),
    // HLG is made to look right on an SDR screen through this conversion alone; PQ's highlights past SDR white clip
    ...(picture.hdr ? ['zscale=t=bt709:p=bt709:m=bt709:r=tv'] : []),
  ];
}

/**
 * A filter chain from `[0:v]` to `[framed]`; tracked crops read their moves from files named after `baseName`.
 * `source` is the picture as shown: a picture of pixels that are not square, or in HDR, is first made the picture
 * a screen shows (sourcePictureFilters), so the plan's crops, in shown pixels, cut the picture as it is seen.
 */
export function framingFilter(
  plan: FramingPlan,
  source: Size,
  output: Size,
  baseName = 'short',
  picture: SourcePicture = {},
): string {
  const chain = framingChain(plan, source, output, baseName);
  const before = sourcePictureFilters(source, picture);
  return before.length ? chain.replace(/^\[0:v\]/, `[0:v]${before.join(',')},`) : chain;
}

function framingChain(plan: FramingPlan, source: Size, output: Size, baseName: string): string {
  switch (plan.kind) {
    case 'fit':
      return fitFilter(source, output);
    case 'sequence':
      return sequenceFilter(plan, source, output, baseName);
    default:
      return partFilter(plan, source, output, baseName, WHOLE);
  }
}
