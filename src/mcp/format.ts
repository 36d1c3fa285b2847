import { ApiCallError, type Data, type Status } from './client.ts';

// The readable half of each MCP answer: short text an assistant can relay or act on. The structured half is the
// API's own `data`, unchanged.

type Row = Record<string, unknown>;

const rows = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : []);
const seconds = (value: unknown) => (typeof value === 'number' ? `${Math.round(value * 10) / 10} s` : '? s');

function pageLine(data: Data, noun: string): string {
  const pagination = (data.pagination ?? {}) as Row;
  return `Page ${pagination.page} of ${pagination.totalPages} (${pagination.totalCount} ${noun} in all).`;
}

export function formatCreated(data: Data): string {
  const lines = [
    `Request ${data.requestId} is ${data.status} (${data.creditsUsed} credit(s) used); estimated completion ${data.estimatedCompletionTime}.`,
    `Follow it with wait_for_completion or get_status (requestId "${data.requestId}"), then get_shorts.`,
  ];
  const adjustment = data.timeAdjustment as Row | undefined;
  if (adjustment?.message) lines.push(`Note: ${adjustment.message}`);
  return lines.join('\n');
}

export function formatStatus(status: Status): string {
  const head = `Request ${status._id}: ${status.status}, ${status.progress}% — ${status.stepMessage} (step ${status.step}).`;
  if (status.status === 'failed') return `${head}\nFailure: ${status.failureReason}`;
  if (status.status === 'completed') return `${head}\nCall get_shorts for the clips.`;
  return head;
}

export function formatShorts(data: Data): string {
  const shorts = rows(data.shorts);
  const lines = [
    `Request ${data._id}: ${data.status}, ${data.progress}%${data.title ? ` — "${data.title}"` : ''}; ${shorts.length} short(s), best first.`,
  ];
  shorts.forEach((short, index) => {
    lines.push(
      `${index + 1}. "${short.title}" — ${seconds(short.duration)} (${seconds(short.startTimestamp)}–${seconds(short.endTimestamp)} of the source), viral score ${short.viral_score}`,
      short.video_url
        ? `   video: ${short.video_url}`
        : `   video: none (its files were removed by retention at ${short.expired_at})`,
    );
    if (short.thumbnail_url) lines.push(`   thumbnail: ${short.thumbnail_url}`);
    if (short.description) lines.push(`   caption: ${short.description}`);
    if (short.reason) lines.push(`   why: ${short.reason}`);
  });
  if (data.status === 'failed') lines.push(`Failure: ${data.failureReason}`);
  return lines.join('\n');
}

export function formatRerendering(data: Data): string {
  const snapped = (data.snapped ?? {}) as Row;
  return [
    `Short ${data.id} is being rendered again, cut from ${seconds(snapped.start)} to ${seconds(snapped.end)} (snapped into the pauses between words); no credit is used.`,
    'Until it is done, get_shorts shows it with recompiling: true and its previous files; then its URLs, sha256 and duration change.',
  ].join('\n');
}

export function formatRequests(data: Data): string {
  const requests = rows(data.requests);
  if (requests.length === 0) return `No requests. ${pageLine(data, 'requests')}`;
  return [
    ...requests.map(
      (r) =>
        `${r.requestId} — ${r.status} ${r.progress}% — ${seconds(r.duration)} of ${r.url ?? 'an upload'} — created ${r.createdAt}`,
    ),
    pageLine(data, 'requests'),
  ].join('\n');
}

export function formatTemplates(data: Data): string {
  return [
    ...rows(data.templates).map((t) => `${t.displayName} — name ${t.name}, templateId ${t.templateId}`),
    `Default: ${data.defaultTemplateName} (${data.defaultTemplateId}). Pass templateId to create_short.`,
  ].join('\n');
}

const CATALOGUES = {
  music: { key: 'music', noun: 'tracks', option: 'musicName (with music: true)' },
  'game-videos': { key: 'gameVideos', noun: 'game videos', option: 'gameVideoName (with gameVideo: true)' },
  'meme-hooks': { key: 'memeHooks', noun: 'meme hooks', option: 'memeHookName (with memeHook: true)' },
} as const;

export type CatalogueKind = keyof typeof CATALOGUES;

export function formatCatalogue(kind: CatalogueKind, data: Data): string {
  const { key, noun, option } = CATALOGUES[kind];
  const items = rows(data[key]);
  return [
    ...items.map((item) => `"${item.name}" — ${seconds(item.duration ?? item.video_duration)}`),
    pageLine(data, noun),
    `Names are exact and case-sensitive: pass one as ${option} to create_short.`,
  ].join('\n');
}

export function formatUpload(data: Data, file: string): string {
  return `Uploaded ${file} (${data.bytes} bytes). Create shorts from it with create_short and fileUrl "${data.fileUrl}".`;
}

export function formatWaited(
  requestId: string,
  status: Status | undefined,
  timedOut: boolean,
  waitedSeconds: number,
): string {
  const known = status
    ? formatStatus(status)
    : `Request ${requestId}: the API did not tell its status within ${waitedSeconds} s.`;
  if (timedOut) {
    return `${known}\nStill not finished after ${waitedSeconds} s; call wait_for_completion again to keep waiting.`;
  }
  return known;
}

/** An API error as the assistant should see it: the code first, so it can branch on it. */
export function formatError(error: ApiCallError): string {
  const details = error.details ? ` (details: ${JSON.stringify(error.details)})` : '';
  return `${error.code}: ${error.message}${details}`;
}
