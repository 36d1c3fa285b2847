import type { FramingPlan, Size } from './types.ts';

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

export function framingFilter(plan: FramingPlan, source: Size, output: Size): string {
  switch (plan.kind) {
    case 'fill':
      return fillFilter(source, output);
    case 'fit':
      return fitFilter(source, output);
    case 'track':
    case 'split':
      throw new Error(`framing kind ${plan.kind} is built by src/pipeline/framing/track.ts`);
  }
}
