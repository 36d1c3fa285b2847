import type { Layout } from '../types.ts';
import type { FramingPlan, Size } from './types.ts';

export interface FramingRequest {
  videoPath: string;
  start: number;
  end: number;
  layout: Layout;
  sourceSize: Size;
  signal: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** How each short's picture is framed. `auto` uses a centre crop until speaker tracking is available. */
export async function planFraming(req: FramingRequest): Promise<FramingPlan> {
  req.onProgress?.(1);
  return req.layout === 'fit' ? { kind: 'fit' } : { kind: 'fill' };
}
