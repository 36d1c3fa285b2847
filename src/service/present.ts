import { publicBaseUrl, type Config } from '../config.ts';
import { findTemplate } from '../pipeline/captions/templates.ts';
import { expiredShortFields, toShortFields } from '../pipeline/short-fields.ts';
import { STEP_MESSAGES } from '../domain/steps.ts';
import type { ClipRequest, StoredShort } from '../store/requests.ts';
import { servedFileKey, type Storage } from '../storage/storage.ts';
import type { DeliveryAttempt } from '../store/webhook-deliveries.ts';
import { DEFAULT_URL_TTL_SECONDS, signFileUrl } from './signed-urls.ts';

// The public JSON shapes of a request (spec §3.2–3.4), with freshly signed file URLs: presigned by the bucket, or
// ClipForge's own when it serves the files itself.

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
