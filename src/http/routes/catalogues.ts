import type { FastifyInstance } from 'fastify';
import { InvalidInputError } from '../../errors.ts';
import { listAssets, type Asset, type AssetKind } from '../../assets/library.ts';
import { assetsDir } from '../../pipeline/run.ts';
import { DEFAULT_TEMPLATE_ID, TEMPLATES, type CaptionTemplate } from '../../pipeline/captions/templates.ts';
import type { PublishedAsset } from '../../assets/previews.ts';
import type { TemplatePreview } from '../../pipeline/captions/previews.ts';
import type { ServiceContext } from '../../service/context.ts';
import { DEFAULT_URL_TTL_SECONDS, signFileUrl } from '../../service/signed-urls.ts';
import { validate } from '../../service/validate.ts';
import { CatalogueQuery } from '../schemas.ts';

// Caption templates and the asset catalogues (music, game videos, meme hooks): built-ins and the operator's files.

const tenths = (seconds: number) => Math.round(seconds * 10) / 10;

function page<T>(items: T[], query: unknown) {
  const { page: number, limit } = validate(CatalogueQuery, query, 'query');
  const totalPages = Math.max(1, Math.ceil(items.length / limit));
  if (number > totalPages) throw InvalidInputError.of('page', `must be at most ${totalPages}`);
  return {
    items: items.slice((number - 1) * limit, number * limit),
    pagination: { page: number, limit, totalPages, totalCount: items.length },
  };
}

type Signer = (relative: string) => string;

export function presentTemplate(t: CaptionTemplate, files: TemplatePreview, url: Signer) {
  return {
    templateId: t.templateId,
    name: t.name,
    displayName: t.templateId === DEFAULT_TEMPLATE_ID ? `${t.displayName} (default)` : t.displayName,
    thumbnail: url(files.thumbnail),
    order: t.order,
    preview: url(files.preview),
    gif: url(files.gif),
  };
}

export const presentMusic = (item: Asset, files: PublishedAsset, url: Signer) => ({
  name: item.name,
  duration: tenths(item.duration),
  url: url(files.media),
});

/** A game video or meme hook. */
export const presentClipAsset = (item: Asset, files: PublishedAsset, url: Signer) => ({
  name: item.name,
  preview: files.preview ? url(files.preview) : null,
  video: url(files.media),
  video_duration: tenths(item.duration),
});

export function registerCatalogueRoutes(api: FastifyInstance, ctx: ServiceContext, base: () => string): void {
  const signer = () => {
    const expiresAt = new Date(Date.now() + DEFAULT_URL_TTL_SECONDS * 1000);
    return (relative: string) => signFileUrl(base(), relative, ctx.signingKey, expiresAt);
  };

  // never waits for a render: previews are made in the background, and each URL serves its file once it exists
  api.get('/templates', async () => {
    const url = signer();
    return {
      data: {
        templates: TEMPLATES.map((t) => presentTemplate(t, ctx.catalogue.templatePreview(t), url)),
        defaultTemplateId: DEFAULT_TEMPLATE_ID,
        defaultTemplateName: TEMPLATES.find((t) => t.templateId === DEFAULT_TEMPLATE_ID)?.name,
      },
    };
  });

  /** The assets in place (the built-ins appear as the background preparation makes them), one page of them. */
  const catalogue = async (kind: AssetKind, query: unknown) => {
    const { items, pagination } = page(await listAssets(assetsDir(ctx.config), kind, ctx.tools), query);
    const url = signer();
    const published = items.map((item) => ({ item, files: ctx.catalogue.asset(item) }));
    return { published, pagination, url };
  };

  api.get('/music', async (request) => {
    const { published, pagination, url } = await catalogue('music', request.query);
    return {
      data: {
        music: published.map(({ item, files }) => presentMusic(item, files, url)),
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
          [key]: published.map(({ item, files }) => presentClipAsset(item, files, url)),
          pagination,
        },
      };
    });
  }
}
