import path from 'node:path';
import { measureLoudness, type LoudnessSummary } from '../media/loudness.ts';
import type { MediaTools } from '../media/tools.ts';
import { findTemplate } from '../pipeline/captions/templates.ts';
import { chooseAssets, shortOverlays } from '../pipeline/overlays.ts';
import { renderShort } from '../pipeline/render/index.ts';
import { wordsOfSpan } from '../pipeline/transcript-span.ts';
import { DEFAULT_CLIP_OPTIONS } from '../domain/options.ts';
import type { Highlight } from '../domain/shorts.ts';
import type { Transcript } from '../domain/transcript.ts';

// The evaluation's loudness figures: each highlight rendered as the pipeline renders it (centre framing, so no
// face analysis), music mixed in when asked, then measured by ebur128 on the finished file.

export interface ShortLoudness extends LoudnessSummary {
  rank: number;
  music: boolean;
}

export async function renderedShortLoudness(
  highlights: readonly Highlight[],
  talk: { videoPath: string; width: number; height: number; transcript: Transcript },
  context: { outDir: string; assetsDir: string; music: boolean; tools: MediaTools; signal: AbortSignal },
): Promise<ShortLoudness[]> {
  const options = { ...DEFAULT_CLIP_OPTIONS, layout: 'fill' as const, music: context.music, musicVolume: 60 };
  const template = findTemplate(options.templateId)!;
  const assets = await chooseAssets(options, context.assetsDir, context);
  const figures: ShortLoudness[] = [];
  for (const [rank, highlight] of highlights.entries()) {
    const span = {
      title: highlight.title,
      videoPath: talk.videoPath,
      start: highlight.start,
      end: highlight.end,
    };
    const output = await renderShort({
      videoPath: talk.videoPath,
      start: highlight.start,
      end: highlight.end,
      words: wordsOfSpan(talk.transcript.words, highlight.start, highlight.end),
      template,
      layout: 'fill',
      framing: { kind: 'fill' },
      sourceSize: { width: talk.width, height: talk.height },
      outDir: context.outDir,
      baseName: `${path.basename(talk.videoPath, '.mp4')}-short-${rank + 1}`,
      signal: context.signal,
      tools: context.tools,
      overlays: await shortOverlays(options, assets, span, context),
    });
    figures.push({ rank, music: context.music, ...(await measureLoudness(output.videoPath, context.tools)) });
  }
  return figures;
}
