import { publicBaseUrl, type Config } from '../config.ts';
import { findTemplate } from '../pipeline/captions/templates.ts';
import { STEP_MESSAGES } from '../pipeline/types.ts';
import type { ClipRequest, StoredShort } from '../store/requests.ts';
import type { DeliveryAttempt } from '../webhooks/deliveries.ts';
import { DEFAULT_URL_TTL_SECONDS, signFileUrl } from './signed-urls.ts';

// The public JSON shapes of a request (spec §3.2–3.4), with freshly signed file URLs.

export interface Presenter {
  config: Config;
  signingKey: string;
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

export function presentShort(short: StoredShort, request: ClipRequest, presenter: Presenter) {
  const base = publicBaseUrl(presenter.config);
  const expiresAt = new Date((presenter.now ?? new Date()).getTime() + DEFAULT_URL_TTL_SECONDS * 1000);
  const url = (file: string) => signFileUrl(base, file, presenter.signingKey, expiresAt);
  const offset = request.result?.windowStart ?? request.start;
  const round3 = (value: number) => Math.round(value * 1000) / 1000;
  return {
    id: short.id,
    title: short.title,
    description: short.description,
    reason: short.reason,
    viral_score: Math.round(short.viralScore),
    video_url: url(short.video),
    startTimestamp: round3(offset + short.start),
    endTimestamp: round3(offset + short.end),
    duration: round3(short.duration),
    width: short.width,
    height: short.height,
    sentenceIndexes: short.sentenceIndexes,
    recompiling: false,
    error: false,
    errorMessage: null,
    thumbnail_url: url(short.thumbnail),
    captions: { srt_url: url(short.srt), vtt_url: url(short.vtt) },
    sha256: short.sha256,
    bytes: short.bytes,
    expires_at: expiresAt.toISOString(),
  };
}

export function presentRequest(request: ClipRequest, presenter: Presenter, deliveries: DeliveryAttempt[]) {
  const { options } = request;
  return {
    _id: request.id,
    status: request.status,
    step: request.step,
    stepMessage: STEP_MESSAGES[request.step],
    progress: request.progress,
    userEmail: presenter.email,
    isDemo: request.isDemo,
    ...(request.status === 'failed' ? { failureReason: request.failureReason ?? 'Processing failed' } : {}),
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
    shorts: (request.result?.shorts ?? []).map((short) => presentShort(short, request, presenter)),
    ...(request.timeAdjustment ? { timeAdjustment: request.timeAdjustment } : {}),
    ...(request.webhookUrl ? { webhook: { url: request.webhookUrl, deliveries } } : {}),
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
  };
}
