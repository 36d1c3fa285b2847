import type { FramingPlan, Region, Size } from './types.ts';

// Filtergraph chains that turn the source picture `[0:v]` into the output frame `[framed]`.

const even = (value: number) => Math.max(2, Math.round(value / 2) * 2);

/** The largest crop of the output's aspect that fits the source. */
export function cropSize(source: Size, output: Size): Size {
  const aspect = output.width / output.height;
  return source.width / source.height > aspect
    ? { width: even(source.height * aspect), height: even(source.height) }
    : { width: even(source.width), height: even(source.width / aspect) };
}

function fillFilter(source: Size, output: Size): string {
  const crop = cropSize(source, output);
  return `[0:v]crop=${crop.width}:${crop.height},scale=${output.width}:${output.height},setsar=1[framed]`;
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

/** The crop starts at the path's first point; `sendcmd` moves it frame by frame from `commandFile`. */
function trackFilter(
  plan: Extract<FramingPlan, { kind: 'track' }>,
  output: Size,
  commandFile: string,
): string {
  const first = plan.points[0] ?? { x: 0, y: 0 };
  return (
    `[0:v]sendcmd=f=${commandFile},crop@track=w=${plan.crop.width}:h=${plan.crop.height}:x=${first.x}:y=${first.y},` +
    `scale=${output.width}:${output.height},setsar=1[framed]`
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

function splitFilter(plan: Extract<FramingPlan, { kind: 'split' }>, source: Size, output: Size): string {
  const top = { width: output.width, height: even(output.height / 2) };
  const bottom = { width: output.width, height: output.height - top.height };
  const part = (region: Region, size: Size, label: string, name: string) => {
    const crop = regionCrop(region, size, source);
    return `[${label}]crop=${crop.width}:${crop.height}:${crop.x}:${crop.y},scale=${size.width}:${size.height},setsar=1[${name}]`;
  };
  return [
    `[0:v]split=2[topsrc][bottomsrc]`,
    part(plan.top, top, 'topsrc', 'top'),
    part(plan.bottom, bottom, 'bottomsrc', 'bottom'),
    `[top][bottom]vstack=inputs=2[framed]`,
  ].join(';');
}

/** A filter chain from `[0:v]` to `[framed]`. A `track` plan reads its moves from `commandFile` (see cropCommands). */
export function framingFilter(
  plan: FramingPlan,
  source: Size,
  output: Size,
  commandFile = 'crop.cmd',
): string {
  switch (plan.kind) {
    case 'fill':
      return fillFilter(source, output);
    case 'fit':
      return fitFilter(source, output);
    case 'track':
      return trackFilter(plan, output, commandFile);
    case 'split':
      return splitFilter(plan, source, output);
  }
}
