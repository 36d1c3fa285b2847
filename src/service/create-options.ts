import { z } from 'zod';
import { BUILTIN_ASSETS } from '../assets/builtin.ts';
import { listAssets } from '../assets/library.ts';
import type { Config } from '../config.ts';
import type { MediaTools } from '../media/tools.ts';
import { findTemplate } from '../pipeline/captions/templates.ts';
import { assetRequests } from '../pipeline/overlays.ts';
import { assetsDir } from '../pipeline/run.ts';
import {
  DEFAULT_CLIP_OPTIONS,
  LANGUAGES,
  LAYOUTS,
  MAX_WINDOW_SECONDS,
  PREFERRED_LENGTHS,
  type ClipOptions,
} from '../domain/options.ts';
import { validate } from './validate.ts';

// The one validator of a create request's options (spec §3.1), shared by every door: HTTP, the `clip` command,
// the dashboard and the MCP server. Field names are the API's; each message reads after its field's name.

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of: ${values.join(', ')}` });
const flag = z.boolean({ error: 'must be true or false' });
const name = z.string({ error: 'must be a string' }).min(1, 'must not be empty');

/**
 * The one rule of every URL a request carries (url, fileUrl, webhookUrl): written as an absolute http(s) URL with
 * no whitespace, and accepted by the WHATWG parser with a host. Every later step (`new URL`, the network policy, a
 * fetch) may then take it as parseable; a malformed URL is refused here, naming its field, never further on.
 */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(value)) return false;
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

const httpUrl = z
  .string({ error: 'must be a string' })
  .refine(isHttpUrl, { message: 'must be an http(s) URL' })
  .meta({ format: 'uri' });

const templateId = z
  .string({ error: 'must be a string' })
  .regex(/^[0-9a-fA-F]{24}$/, 'must be a 24-character hex template id (see GET /templates)');
const ctaText = z.string({ error: 'must be a string' }).max(200, 'must be at most 200 characters');
const musicVolume = z
  .number({ error: 'must be a number from 0 to 100' })
  .min(0, 'must be a number from 0 to 100')
  .max(100, 'must be a number from 0 to 100');

/** The options a short may change when rendered again (spec §11), none required and none defaulted. */
export const shortLookFields = {
  templateId: templateId.optional(),
  layout: oneOf(LAYOUTS).optional(),
  hookTitle: flag.optional(),
  ctaEnabled: flag.optional(),
  ctaText: ctaText.optional(),
  music: flag.optional(),
  musicName: name.optional(),
  musicVolume: musicVolume.optional(),
  trimPauses: flag.optional(),
};

const optionFields = {
  preferredLength: oneOf(PREFERRED_LENGTHS).default(DEFAULT_CLIP_OPTIONS.preferredLength),
  language: oneOf(LANGUAGES).default(DEFAULT_CLIP_OPTIONS.language),
  captionLanguage: oneOf(LANGUAGES).optional(),
  templateId: templateId.default(DEFAULT_CLIP_OPTIONS.templateId),
  noClipping: flag.default(false),
  hookTitle: flag.default(false),
  memeHook: flag.default(false),
  memeHookName: name.optional(),
  gameVideo: flag.default(false),
  gameVideoName: name.optional(),
  ctaEnabled: flag.default(false),
  ctaText: ctaText.optional(),
  music: flag.default(false),
  musicName: name.optional(),
  musicVolume: musicVolume.default(DEFAULT_CLIP_OPTIONS.musicVolume),
  layout: oneOf(LAYOUTS).default(DEFAULT_CLIP_OPTIONS.layout),
  trimPauses: flag.default(false),
};

type OptionFields = z.infer<z.ZodObject<typeof optionFields>>;

/** The refinements of a create's options and of a re-render's look: a known template, a call to action's text. */
export function refineOptions(
  options: Pick<ClipOptions, 'ctaEnabled' | 'ctaText'> & { templateId?: string },
  ctx: z.RefinementCtx,
): void {
  if (options.ctaEnabled && !options.ctaText?.trim())
    ctx.addIssue({ code: 'custom', path: ['ctaText'], message: 'needs a text when ctaEnabled is true' });
  if (
    options.templateId !== undefined &&
    /^[0-9a-fA-F]{24}$/.test(options.templateId) &&
    !findTemplate(options.templateId)
  )
    ctx.addIssue({
      code: 'custom',
      path: ['templateId'],
      message: 'is not a known template (see GET /templates)',
    });
}

export interface OptionRefusal {
  field: string;
  message: string;
}

/**
 * Whether this installation can honour options that passed the schema: a known template, a translation provider
 * for captions in another language, catalogue names that exist. The one judge of options beside the schema: every
 * door asks it before a job exists (create, `clip`), and the pipeline trusts the options it is given. The
 * built-ins count whether or not they are made yet (a job makes what it needs), so a create never waits for them.
 */
export async function optionsRefusal(
  options: ClipOptions,
  config: Config,
  tools: MediaTools,
): Promise<OptionRefusal | undefined> {
  if (!findTemplate(options.templateId))
    return { field: 'templateId', message: `Unknown templateId "${options.templateId}"; see GET /templates` };
  if (options.captionLanguage !== options.language && !config.translateBaseUrl) {
    return {
      field: 'captionLanguage',
      message:
        'Translated captions need a translation provider; set CLIPFORGE_TRANSLATE_BASE_URL or use the spoken language',
    };
  }
  for (const request of assetRequests(options).filter((wanted) => wanted.wanted)) {
    const builtins = BUILTIN_ASSETS.filter((asset) => asset.kind === request.kind).map((asset) => asset.name);
    const made = await listAssets(assetsDir(config), request.kind, tools);
    const names = [...new Set([...builtins, ...made.map((item) => item.name)])];
    if (request.name !== undefined && !names.includes(request.name)) {
      return {
        field: request.field,
        message: `Unknown ${request.kind} name "${request.name}" (names are case-sensitive); available: ${names.sort().join(', ')}`,
      };
    }
  }
  return undefined;
}

/** The options alone, as the `clip` command gives them (its source and window are its own). */
export const ClipOptionsInput = z.object(optionFields).superRefine(refineOptions);

const seconds = (field: string) =>
  z.number({ error: `${field} is required and must be a number of seconds` }).min(0, 'must be ≥ 0');

/** POST /shorts/create: a source, a window and the options. */
export const CreateBody = z
  .object({
    url: httpUrl.optional(),
    fileUrl: httpUrl.optional(),
    start: seconds('start'),
    end: seconds('end'),
    ...optionFields,
    webhookUrl: httpUrl.optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.url === undefined) === (body.fileUrl === undefined))
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'give exactly one of url or fileUrl' });
    if (body.end <= body.start)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be greater than start' });
    else if (body.end - body.start < 1)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'end − start must be at least 1 second' });
    else if (body.end - body.start > MAX_WINDOW_SECONDS)
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `end − start must be at most ${MAX_WINDOW_SECONDS} seconds`,
      });
    refineOptions(body, ctx);
  });

export type CreateBody = z.infer<typeof CreateBody>;

export const parseCreateBody = (input: unknown): CreateBody => validate(CreateBody, input, 'body');

export function toClipOptions(options: OptionFields): ClipOptions {
  return {
    preferredLength: options.preferredLength,
    language: options.language,
    captionLanguage: options.captionLanguage ?? options.language,
    templateId: options.templateId.toLowerCase(),
    noClipping: options.noClipping,
    layout: options.layout,
    hookTitle: options.hookTitle,
    memeHook: options.memeHook,
    memeHookName: options.memeHookName,
    gameVideo: options.gameVideo,
    gameVideoName: options.gameVideoName,
    ctaEnabled: options.ctaEnabled,
    ctaText: options.ctaText,
    music: options.music,
    musicName: options.musicName,
    musicVolume: options.musicVolume,
    trimPauses: options.trimPauses,
  };
}

/** Validated options from the API's field names; throws InvalidInputError naming each bad field. */
export const parseClipOptions = (input: unknown): ClipOptions =>
  toClipOptions(validate(ClipOptionsInput, input, 'options'));

/** A stable digest input for a validated body: the same request written two ways is the same request. */
export function canonicalJson(body: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(body).sort(([a], [b]) => (a < b ? -1 : 1))));
}
