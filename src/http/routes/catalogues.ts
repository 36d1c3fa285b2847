import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { probeMedia } from '../../media/probe.ts';
import { DEFAULT_TEMPLATE_ID, TEMPLATES } from '../../pipeline/captions/templates.ts';
import type { ServiceContext } from '../../service/context.ts';
import { DEFAULT_URL_TTL_SECONDS, signFileUrl } from '../../service/signed-urls.ts';
import { previewFiles, renderTemplatePreview } from '../../pipeline/captions/previews.ts';
import { ApiError, fromZodError } from '../errors.ts';
import { CatalogueQuery } from '../schemas.ts';

// Caption templates and the asset catalogues (music, game videos, meme hooks) found in <dataDir>/assets.

const MEDIA = /\.(mp4|mov|webm|mkv|mp3|m4a|wav|ogg|aac|flac)$/i;

async function assetItems(dir: string): Promise<{ name: string; file: string; duration: number }[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => MEDIA.test(f)).sort();
  return Promise.all(
    files.map(async (file) => ({
      name: path.parse(file).name,
      file,
      duration:
        Math.round(((await probeMedia(path.join(dir, file)).catch(() => undefined))?.duration ?? 0) * 10) /
        10,
    })),
  );
}

function page<T>(items: T[], query: unknown) {
  const parsed = CatalogueQuery.safeParse(query ?? {});
  if (!parsed.success) throw fromZodError(parsed.error, 'query');
  const { page: number, limit } = parsed.data;
  const totalPages = Math.max(1, Math.ceil(items.length / limit));
  if (number > totalPages) throw new ApiError('invalid_request', `page: must be at most ${totalPages}`);
  return {
    items: items.slice((number - 1) * limit, number * limit),
    pagination: { page: number, limit, totalPages, totalCount: items.length },
  };
}

/** Renders every template's preview once per process (skipping files already in the data dir). */
function previewRenderer(ctx: ServiceContext) {
  let rendering: Promise<void> | undefined;
  return () => {
    rendering ??= (async () => {
      for (const template of TEMPLATES)
        await renderTemplatePreview(template, path.join(ctx.filesDir, 'templates'));
    })().catch((error) => {
      rendering = undefined;
      throw error;
    });
    return rendering;
  };
}

export function registerCatalogueRoutes(api: FastifyInstance, ctx: ServiceContext, base: () => string): void {
  const assets = (kind: string) => path.join(ctx.config.dataDir, 'assets', kind);
  const renderPreviews = previewRenderer(ctx);
  api.get('/templates', async () => {
    await renderPreviews();
    const expiresAt = new Date(Date.now() + DEFAULT_URL_TTL_SECONDS * 1000);
    const url = (file: string) =>
      signFileUrl(base(), path.relative(ctx.filesDir, file), ctx.signingKey, expiresAt);
    return {
      data: {
        templates: TEMPLATES.map((t) => {
          const files = previewFiles(t, path.join(ctx.filesDir, 'templates'));
          return {
            templateId: t.templateId,
            name: t.name,
            displayName: t.templateId === DEFAULT_TEMPLATE_ID ? `${t.displayName} (default)` : t.displayName,
            thumbnail: url(files.thumbnail),
            order: t.order,
            preview: url(files.preview),
            gif: url(files.gif),
          };
        }),
        defaultTemplateId: DEFAULT_TEMPLATE_ID,
        defaultTemplateName: TEMPLATES.find((t) => t.templateId === DEFAULT_TEMPLATE_ID)?.name,
      },
    };
  });

  api.get('/music', async (request) => {
    const { items, pagination } = page(await assetItems(assets('music')), request.query);
    return {
      data: { music: items.map((i) => ({ name: i.name, duration: i.duration, url: null })), pagination },
    };
  });

  for (const [route, kind, key] of [
    ['/game-videos', 'game-videos', 'gameVideos'],
    ['/meme-hooks', 'meme-hooks', 'memeHooks'],
  ] as const) {
    api.get(route, async (request) => {
      const { items, pagination } = page(await assetItems(assets(kind)), request.query);
      return {
        data: {
          [key]: items.map((i) => ({ name: i.name, preview: null, video: null, video_duration: i.duration })),
          pagination,
        },
      };
    });
  }
}
