import { z } from 'zod';
import { findTemplate } from '../pipeline/captions/templates.ts';
import {
  DEFAULT_CLIP_OPTIONS,
  LANGUAGES,
  LAYOUTS,
  PREFERRED_LENGTHS,
  type ClipOptions,
} from '../pipeline/types.ts';

// Request schemas of the HTTP API (spec §3), also the source of the OpenAPI document.

const httpUrl = (field: string) =>
  z
    .string()
    .refine((value) => /^https?:\/\/\S+$/i.test(value), { message: `${field} must be an http(s) URL` });

export const CreateBody = z
  .object({
    url: z.string().optional(),
    fileUrl: z.string().optional(),
    start: z.number({ error: 'start is required and must be a number of seconds' }).min(0, 'must be ≥ 0'),
    end: z.number({ error: 'end is required and must be a number of seconds' }),
    preferredLength: z.enum(PREFERRED_LENGTHS).default(DEFAULT_CLIP_OPTIONS.preferredLength),
    language: z.enum(LANGUAGES).default(DEFAULT_CLIP_OPTIONS.language),
    captionLanguage: z.enum(LANGUAGES).optional(),
    templateId: z
      .string()
      .regex(/^[0-9a-fA-F]{24}$/, 'must be a 24-character hex template id (see GET /templates)')
      .default(DEFAULT_CLIP_OPTIONS.templateId),
    noClipping: z.boolean().default(false),
    hookTitle: z.boolean().default(false),
    memeHook: z.boolean().default(false),
    memeHookName: z.string().min(1).optional(),
    gameVideo: z.boolean().default(false),
    gameVideoName: z.string().min(1).optional(),
    ctaEnabled: z.boolean().default(false),
    ctaText: z.string().max(200, 'must be at most 200 characters').optional(),
    music: z.boolean().default(false),
    musicName: z.string().min(1).optional(),
    musicVolume: z.number().min(0, 'must be 0–100').max(100, 'must be 0–100').default(10),
    layout: z.enum(LAYOUTS).default(DEFAULT_CLIP_OPTIONS.layout),
    webhookUrl: httpUrl('webhookUrl').optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.url === undefined) === (body.fileUrl === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'give exactly one of url or fileUrl' });
    }
    if (body.end <= body.start)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be greater than start' });
    else if (body.end - body.start < 1)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'end − start must be at least 1 second' });
    else if (body.end - body.start > 1200)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'end − start must be at most 1200 seconds' });
    if (body.ctaEnabled && !body.ctaText?.trim())
      ctx.addIssue({ code: 'custom', path: ['ctaText'], message: 'is required when ctaEnabled is true' });
    if (body.templateId && /^[0-9a-fA-F]{24}$/.test(body.templateId) && !findTemplate(body.templateId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['templateId'],
        message: 'is not a known template (see GET /templates)',
      });
    }
  });

export type CreateBody = z.infer<typeof CreateBody>;

export function toClipOptions(body: CreateBody): ClipOptions {
  return {
    preferredLength: body.preferredLength,
    language: body.language,
    captionLanguage: body.captionLanguage ?? body.language,
    templateId: body.templateId.toLowerCase(),
    noClipping: body.noClipping,
    layout: body.layout,
    hookTitle: body.hookTitle,
    memeHook: body.memeHook,
    memeHookName: body.memeHookName,
    gameVideo: body.gameVideo,
    gameVideoName: body.gameVideoName,
    ctaEnabled: body.ctaEnabled,
    ctaText: body.ctaText,
    music: body.music,
    musicName: body.musicName,
    musicVolume: body.musicVolume,
  };
}

export const RequestIdParams = z.object({ id: z.string() });

export const ListQuery = z.object({
  page: z.coerce.number().int('must be a whole number').min(1, 'must be ≥ 1').default(1),
  limit: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1–100')
    .max(100, 'must be 1–100')
    .default(20),
  status: z.enum(['queued', 'processing', 'completed', 'failed', 'cancelled']).optional(),
  sortBy: z.enum(['createdAt', 'updatedAt']).default('createdAt'),
  sortOrder: z.enum(['desc', 'asc']).default('desc'),
});

export const CatalogueQuery = z.object({
  page: z.coerce.number().int().min(1, 'must be ≥ 1').default(1),
  limit: z.coerce.number().int().min(1, 'must be 1–100').max(100, 'must be 1–100').default(20),
});
