import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ensureBuiltinAssets } from '../../assets/builtin.ts';
import { listAssets, type AssetKind } from '../../assets/library.ts';
import { publishAsset } from '../../assets/previews.ts';
import { assetsDir } from '../../pipeline/run.ts';
import { DEFAULT_TEMPLATE_ID, TEMPLATES } from '../../pipeline/captions/templates.ts';
import type { ServiceContext } from '../../service/context.ts';
import { DEFAULT_URL_TTL_SECONDS, signFileUrl } from '../../service/signed-urls.ts';
import { previewFiles, renderTemplatePreview } from '../../pipeline/captions/previews.ts';
import { ApiError, fromZodError } from '../errors.ts';
import { CatalogueQuery } from '../schemas.ts';

// Caption templates and the asset catalogues (music, game videos, meme hooks): built-ins and the operator's files.

const tenths = (seconds: number) => Math.round(seconds * 10) / 10;

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
        await renderTemplatePreview(template, path.join(ctx.filesDir, 'templates'), ctx.tools);
    })().catch((error) => {
      rendering = undefined;
      throw error;
    });
    return rendering;
  };
}

export function registerCatalogueRoutes(api: FastifyInstance, ctx: ServiceContext, base: () => string): void {
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

  const catalogue = async (kind: AssetKind, query: unknown) => {
    await ensureBuiltinAssets(assetsDir(ctx.config), ctx.tools);
    const { items, pagination } = page(await listAssets(assetsDir(ctx.config), kind, ctx.tools), query);
    const expiresAt = new Date(Date.now() + DEFAULT_URL_TTL_SECONDS * 1000);
    const url = (relative: string) => signFileUrl(base(), relative, ctx.signingKey, expiresAt);
    const published = await Promise.all(
      items.map(async (item) => ({
        item,
        files: await publishAsset(item, ctx.filesDir, ctx.tools),
      })),
    );
    return { published, pagination, url };
  };

  api.get('/music', async (request) => {
    const { published, pagination, url } = await catalogue('music', request.query);
    return {
      data: {
        music: published.map(({ item, files }) => ({
          name: item.name,
          duration: tenths(item.duration),
          url: url(files.media),
        })),
        pagination,
      },
    };
  });

  for (const [route, kind, key] of [
    ['/game-videos', 'game-videos', 'gameVideos'],
    ['/meme-hooks', 'meme-hooks', 'memeHooks'],
  ] as const) {
    api.get(route, async (request) => {
      const { published, pagination, url } = await catalogue(kind, request.query);
      return {
        data: {
          [key]: published.map(({ item, files }) => ({
            name: item.name,
            preview: files.preview ? url(files.preview) : null,
            video: url(files.media),
            video_duration: tenths(item.duration),
          })),
          pagination,
        },
      };
    });
  }
}
