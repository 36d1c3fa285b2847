import type { Asset } from '../assets/library.ts';
import type { PublishedAsset } from '../assets/previews.ts';
import { publicBaseUrl, type Config } from '../config.ts';
import type { RenderedShort } from '../domain/shorts.ts';
import type { Sentence } from '../domain/transcript.ts';
import type { TemplatePreview } from '../pipeline/captions/previews.ts';
import type { Account } from '../store/accounts.ts';
import { DEFAULT_TEMPLATE_ID, findTemplate, type CaptionTemplate } from '../pipeline/captions/templates.ts';
import { STEP_MESSAGES } from '../domain/steps.ts';
import type { ClipRequest, StoredShort } from '../store/requests.ts';
import { servedFileKey, type Storage } from '../storage/storage.ts';
import type { DeliveryAttempt } from '../store/webhook-deliveries.ts';
import { DEFAULT_URL_TTL_SECONDS, signFileUrl } from './signed-urls.ts';

// Every JSON a client sees is built here, whichever door hands it out (HTTP, webhooks, MCP through the API, the
// `clip` command's manifest): a request and its shorts (spec §3.2–3.4, file URLs freshly signed: presigned by the
// bucket, or ClipForge's own when it serves the files itself), the catalogues, the account, the webhook bodies.

export interface ShortFileUrls {
  video: string;
  thumbnail: string;
  srt: string;
  vtt: string;
}

export interface ShortFields {
  id: string;
  title: string;
  description: string;
  reason: string;
  viral_score: number;
  video_url: string;
  startTimestamp: number;
  endTimestamp: number;
  duration: number;
  width: number;
  height: number;
  sentenceIndexes: number[];
  recompiling: boolean;
  error: boolean;
  errorMessage: string | null;
  thumbnail_url: string;
  captions: { srt_url: string; vtt_url: string };
  sha256: string;
  bytes: number;
  expires_at: string | null;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;
const tenths = (seconds: number) => Math.round(seconds * 10) / 10;

/** What a short needs to be described, whether just rendered or read back from the database. */
export type ShortCore = Pick<
  RenderedShort,
  | 'id'
  | 'title'
  | 'description'
  | 'reason'
  | 'viralScore'
  | 'start'
  | 'end'
  | 'duration'
  | 'width'
  | 'height'
  | 'sentenceIndexes'
  | 'sha256'
  | 'bytes'
>;

/** Short fields of a short; `offset` turns window-relative times into source times. */
export function toShortFields(
  short: ShortCore,
  urls: ShortFileUrls,
  offset: number,
  expiresAt: Date | null,
): ShortFields {
  return {
    id: short.id,
    title: short.title,
    description: short.description,
    reason: short.reason,
    viral_score: Math.round(short.viralScore),
    video_url: urls.video,
    startTimestamp: round3(offset + short.start),
    endTimestamp: round3(offset + short.end),
    duration: round3(short.duration),
    width: short.width,
    height: short.height,
    sentenceIndexes: short.sentenceIndexes,
    recompiling: false,
    error: false,
    errorMessage: null,
    thumbnail_url: urls.thumbnail,
    captions: { srt_url: urls.srt, vtt_url: urls.vtt },
    sha256: short.sha256,
    bytes: short.bytes,
    expires_at: expiresAt ? expiresAt.toISOString() : null,
  };
}

/** A short whose files retention removed: the same fields, no file URLs, and when they went. */
export type ExpiredShortFields = Omit<ShortFields, 'video_url' | 'thumbnail_url' | 'captions'> & {
  video_url: null;
  thumbnail_url: null;
  captions: { srt_url: null; vtt_url: null };
  expired_at: string;
};

export function expiredShortFields(short: ShortCore, offset: number, expiredAt: string): ExpiredShortFields {
  const none = { video: '', thumbnail: '', srt: '', vtt: '' };
  return {
    ...toShortFields(short, none, offset, null),
    video_url: null,
    thumbnail_url: null,
    captions: { srt_url: null, vtt_url: null },
    expired_at: expiredAt,
  };
}

export interface SentenceFields {
  index: number;
  sentence: string;
  start: number;
  end: number;
}

export function toSentenceFields(sentences: readonly Sentence[], offset: number): SentenceFields[] {
  return sentences.map((sentence) => ({
    index: sentence.index,
    sentence: sentence.text,
    start: round3(offset + sentence.start),
    end: round3(offset + sentence.end),
  }));
}

export interface Presenter {
  config: Config;
  signingKey: string;
  storage: Storage;
  email: string;
  now?: Date;
}

export function presentStatus(request: ClipRequest, email: string) {
  return {
    _id: request.id,
    status: request.status,
    step: request.step,
    stepMessage: STEP_MESSAGES[request.step],
    progress: request.progress,
    userEmail: email,
    isDemo: request.isDemo,
    ...(request.status === 'failed' ? { failureReason: request.failureReason ?? 'Processing failed' } : {}),
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    pollAfterSeconds: request.status === 'queued' || request.status === 'processing' ? 5 : 0,
  };
}

/** One row of GET /shorts. */
export function presentListItem(request: ClipRequest) {
  return {
    requestId: request.id,
    status: request.status,
    progress: request.progress,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    url: request.url,
    duration: Math.round((request.end - request.start) * 1000) / 1000,
  };
}

/** A short as the API shows it; `recompiling` while a re-render of it is queued or running. */
export async function presentShort(
  short: StoredShort,
  request: ClipRequest,
  presenter: Presenter,
  recompiling = false,
) {
  const offset = request.result?.windowStart ?? request.start;
  if (request.filesExpiredAt) return expiredShortFields(short, offset, request.filesExpiredAt);
  const base = publicBaseUrl(presenter.config);
  const expiresAt = new Date((presenter.now ?? new Date()).getTime() + DEFAULT_URL_TTL_SECONDS * 1000);
  const url = async (file: string) =>
    (await presenter.storage.downloadUrl(servedFileKey(file), expiresAt)) ??
    signFileUrl(base, file, presenter.signingKey, expiresAt);
  const [video, thumbnail, srt, vtt] = await Promise.all(
    [short.video, short.thumbnail, short.srt, short.vtt].map(url),
  );
  return { ...toShortFields(short, { video, thumbnail, srt, vtt }, offset, expiresAt), recompiling };
}

export async function presentRequest(
  request: ClipRequest,
  presenter: Presenter,
  deliveries: DeliveryAttempt[],
  /** the shorts a re-render of which is queued or running */
  recompiling: ReadonlySet<string> = new Set(),
) {
  const { options } = request;
  const {
    pollAfterSeconds: _poll,
    createdAt: _created,
    updatedAt: _updated,
    ...status
  } = presentStatus(request, presenter.email);
  return {
    ...status,
    url: request.url,
    start: request.start,
    end: request.end,
    title: request.result?.title ?? null,
    language: options.language,
    template: findTemplate(options.templateId)?.name ?? options.templateId,
    captionLanguage: options.captionLanguage === options.language ? '' : options.captionLanguage,
    heatmap: request.result?.heatmap ?? [],
    sentences: request.result?.sentences ?? [],
    preferredLength: options.preferredLength,
    projectId: null,
    shorts: await Promise.all(
      (request.result?.shorts ?? []).map((short) =>
        presentShort(short, request, presenter, recompiling.has(short.id)),
      ),
    ),
    ...(request.timeAdjustment ? { timeAdjustment: request.timeAdjustment } : {}),
    ...(request.webhookUrl ? { webhook: { url: request.webhookUrl, deliveries } } : {}),
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
  };
}

type Signer = (relative: string) => string;

/**
 * A catalogue item as listed: `ready` (a ClipForge extension) says whether every file it hands out is in place; a
 * URL whose file is still being made answers 404 with Retry-After until it is.
 */
export function presentTemplate(t: CaptionTemplate, files: TemplatePreview, url: Signer, ready: boolean) {
  return {
    templateId: t.templateId,
    name: t.name,
    displayName: t.templateId === DEFAULT_TEMPLATE_ID ? `${t.displayName} (default)` : t.displayName,
    thumbnail: url(files.thumbnail),
    order: t.order,
    preview: url(files.preview),
    gif: url(files.gif),
    ready,
  };
}

export const presentMusic = (item: Asset, files: PublishedAsset, url: Signer, ready: boolean) => ({
  name: item.name,
  duration: tenths(item.duration),
  url: url(files.media),
  ready,
});

/** A game video or meme hook. */
export const presentClipAsset = (item: Asset, files: PublishedAsset, url: Signer, ready: boolean) => ({
  name: item.name,
  preview: files.preview ? url(files.preview) : null,
  video: url(files.media),
  video_duration: tenths(item.duration),
  ready,
});

/** GET /account's data. */
export function presentAccount<Limits>(
  account: Account,
  usage: { requests: number; active: number },
  limits: Limits,
) {
  return {
    email: account.email,
    credits: account.credits,
    isDemo: account.demo,
    tier: account.tier,
    limits,
    usage,
    webhookSecret: account.webhookSecret,
  };
}

// Webhook bodies (spec §5). Download links are signed for the usual lifetime (7 days), far longer than the
// retry schedule (about 7 h), so a late delivery still carries working links.

/** The body of a request's terminal-status webhook; undefined for a status that has none. */
export async function statusWebhookBody(request: ClipRequest, presenter: Omit<Presenter, 'email'>) {
  const base = { requestId: request.id, status: request.status, timestamp: new Date().toISOString() };
  switch (request.status) {
    case 'completed':
      return {
        event: 'shorts.completed',
        ...base,
        data: {
          shorts: await Promise.all(
            (request.result?.shorts ?? []).map(async (short) => {
              const presented = await presentShort(short, request, { ...presenter, email: '' });
              return {
                id: presented.id,
                title: presented.title,
                video_url: presented.video_url,
                duration: presented.duration,
                viral_score: presented.viral_score,
              };
            }),
          ),
        },
      };
    case 'failed':
      return { event: 'shorts.failed', ...base, data: { failureReason: request.failureReason } };
    case 'cancelled':
      return { event: 'shorts.cancelled', ...base, data: {} };
    default:
      return undefined;
  }
}

/** The body of the `short.rerendered` webhook of a short a re-render has just replaced. */
export async function rerenderedWebhookBody(
  request: ClipRequest,
  short: StoredShort,
  presenter: Omit<Presenter, 'email'>,
) {
  return {
    event: 'short.rerendered',
    requestId: request.id,
    status: request.status,
    timestamp: new Date().toISOString(),
    data: await presentShort(short, request, { ...presenter, email: '' }),
  };
}
