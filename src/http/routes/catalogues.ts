import type { FastifyInstance } from 'fastify';
import { InvalidInputError } from '../../domain/errors.ts';
import { catalogueItems } from '../../assets/builtin.ts';
import type { AssetKind } from '../../assets/library.ts';
import { assetsDir } from '../../pipeline/run.ts';
import { DEFAULT_TEMPLATE_ID, TEMPLATES } from '../../pipeline/captions/templates.ts';
import { publishedPaths } from '../../assets/previews.ts';
import type { ServiceContext } from '../../service/context.ts';
import { presentClipAsset, presentMusic, presentTemplate } from '../../service/present.ts';
import { DEFAULT_URL_TTL_SECONDS, signFileUrl } from '../../service/signed-urls.ts';
import { validate } from '../../service/validate.ts';
import { CatalogueQuery } from '../../service/queries.ts';

// Caption templates and the asset catalogues (music, game videos, meme hooks): built-ins and the operator's files.

function page<T>(items: T[], query: unknown) {
  const { page: number, limit } = validate(CatalogueQuery, query, 'query');
  const totalPages = Math.max(1, Math.ceil(items.length / limit));
  if (number > totalPages) throw InvalidInputError.of('page', `must be at most ${totalPages}`);
  return {
    items: items.slice((number - 1) * limit, number * limit),
    pagination: { page: number, limit, totalPages, totalCount: items.length },
  };
}

export function registerCatalogueRoutes(api: FastifyInstance, ctx: ServiceContext, base: () => string): void {
  const signer = () => {
    const expiresAt = new Date(Date.now() + DEFAULT_URL_TTL_SECONDS * 1000);
    return (relative: string) => signFileUrl(base(), relative, ctx.signingKey, expiresAt);
  };

  // never waits for a render: previews are made in the background, and each URL serves its file once it exists
  api.get('/templates', async () => {
    const url = signer();
    const templates = await Promise.all(
      TEMPLATES.map(async (t) => {
        const files = ctx.catalogue.templatePreview(t);
        const ready = await ctx.catalogue.inPlace([files.thumbnail, files.preview, files.gif]);
        return presentTemplate(t, files, url, ready);
      }),
    );
    return {
      data: {
        templates,
        defaultTemplateId: DEFAULT_TEMPLATE_ID,
        defaultTemplateName: TEMPLATES.find((t) => t.templateId === DEFAULT_TEMPLATE_ID)?.name,
      },
    };
  });

  /**
   * One page of a catalogue: the files in place and every built-in from the first request, made or not (the
   * background preparation makes them; a URL answers 404 with Retry-After until its file is in place).
   */
  const catalogue = async (kind: AssetKind, query: unknown) => {
    const { items, pagination } = page(await catalogueItems(assetsDir(ctx.config), kind, ctx.tools), query);
    const url = signer();
    const published = await Promise.all(
      items.map(async ({ made, ...item }) => {
        const files = made ? ctx.catalogue.asset(item) : publishedPaths(item);
        const ready =
          made && (await ctx.catalogue.inPlace([files.media, ...(files.preview ? [files.preview] : [])]));
        return { item, files, ready };
      }),
    );
    return { published, pagination, url };
  };

  api.get('/music', async (request) => {
    const { published, pagination, url } = await catalogue('music', request.query);
    return {
      data: {
        music: published.map(({ item, files, ready }) => presentMusic(item, files, url, ready)),
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
          [key]: published.map(({ item, files, ready }) => presentClipAsset(item, files, url, ready)),
          pagination,
        },
      };
    });
  }
}
