import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseSse, type Chunks } from './sse.ts';

// A client of the ClipForge HTTP API (the spec's paths, bodies and error envelope) over any transport: fetch to
// a server elsewhere, or an in-process call into the app itself. The MCP tools are written against it only.

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** below the API base, e.g. `/shorts/<id>/status` */
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  /** a raw request body (uploads) */
  body?: { stream: AsyncIterable<Uint8Array>; headers: Record<string, string> };
  signal?: AbortSignal;
}

export interface ApiResponse {
  status: number;
  body: Chunks;
}

export type ApiTransport = (request: ApiRequest) => Promise<ApiResponse>;

/** An error answer of the API, with its code, message and details as sent. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: unknown = null,
    readonly status = 0,
  ) {
    super(message);
  }
}

/** The API could not be reached at all (no answer to carry). */
export class ApiUnreachableError extends Error {
  override readonly name = 'ApiUnreachableError';
}

export type Status = {
  _id: string;
  status: 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';
  step: string;
  stepMessage: string;
  progress: number;
  failureReason?: string;
} & Record<string, unknown>;

export const TERMINAL: readonly Status['status'][] = ['completed', 'failed', 'cancelled'];

export type Data = Record<string, unknown>;
export type Query = Record<string, string | number | undefined>;

/** The spec's routes as methods; every answer is the `data` of the envelope. */
export class ClipforgeApi {
  constructor(private readonly transport: ApiTransport) {}

  createShort(body: Data): Promise<Data> {
    return this.call({ method: 'POST', path: '/shorts/create', json: body });
  }
  getStatus(requestId: string, signal?: AbortSignal): Promise<Status> {
    return this.call({ method: 'GET', path: `/shorts/${segment(requestId)}/status`, signal });
  }
  getShorts(requestId: string): Promise<Data> {
    return this.call({ method: 'GET', path: `/shorts/${segment(requestId)}` });
  }
  listRequests(query: Query): Promise<Data> {
    return this.call({ method: 'GET', path: '/shorts', query });
  }
  deleteRequest(requestId: string): Promise<Data> {
    return this.call({ method: 'DELETE', path: `/shorts/${segment(requestId)}` });
  }
  cancelRequest(requestId: string): Promise<Status> {
    return this.call({ method: 'POST', path: `/shorts/${segment(requestId)}/cancel` });
  }
  rerenderShort(requestId: string, shortId: string, body: Data): Promise<Data> {
    return this.call({
      method: 'POST',
      path: `/shorts/${segment(requestId)}/shorts/${segment(shortId)}/render`,
      json: body,
    });
  }
  listTemplates(): Promise<Data> {
    return this.call({ method: 'GET', path: '/templates' });
  }
  listCatalogue(kind: 'music' | 'game-videos' | 'meme-hooks', query: Query): Promise<Data> {
    return this.call({ method: 'GET', path: `/${kind}`, query });
  }

  /** Streams a local video file to POST /uploads; the answer carries the `fileUrl` to create with. */
  async upload(file: string): Promise<Data> {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new ApiCallError('invalid_request', `No such file: ${file}`);
    return this.call({
      method: 'POST',
      path: '/uploads',
      body: {
        stream: createReadStream(file),
        headers: {
          'content-type': videoContentType(file),
          'content-length': String(info.size),
          'x-filename': path.basename(file),
        },
      },
    });
  }

  /** The request's status events (GET /shorts/:id/events) until the server ends the stream. */
  async *statusEvents(requestId: string, signal: AbortSignal): AsyncGenerator<Status | 'deleted'> {
    const response = await this.send({ method: 'GET', path: `/shorts/${segment(requestId)}/events`, signal });
    if (response.status >= 400) throw errorFrom(response.status, await readText(response.body));
    for await (const event of parseSse(response.body)) {
      if (event.event === 'deleted') yield 'deleted';
      else if (event.event === 'status') yield JSON.parse(event.data) as Status;
    }
  }

  private async call<T>(request: ApiRequest): Promise<T> {
    const response = await this.send(request);
    const text = await readText(response.body);
    if (response.status >= 400) throw errorFrom(response.status, text);
    const parsed = parseJson(text) as { data?: T } | undefined;
    if (!parsed || parsed.data === undefined) {
      throw new ApiCallError('internal_error', `The API answered HTTP ${response.status} without data`);
    }
    return parsed.data;
  }

  private async send(request: ApiRequest): Promise<ApiResponse> {
    try {
      return await this.transport(request);
    } catch (error) {
      if (error instanceof ApiCallError || request.signal?.aborted) throw error;
      throw new ApiUnreachableError((error as Error).message);
    }
  }
}

/** A path segment as given, escaped: an id can never leave its place in the path. */
function segment(value: string): string {
  return encodeURIComponent(value);
}

const VIDEO_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.mkv': 'video/x-matroska',
  '.webm': 'video/webm',
  '.avi': 'video/x-msvideo',
  '.ts': 'video/mp2t',
};

/** The upload's Content-Type: a hint only (the server probes the file); unknown extensions are sent as MP4. */
export function videoContentType(file: string): string {
  return VIDEO_TYPES[path.extname(file).toLowerCase()] ?? 'video/mp4';
}

export async function readText(body: Chunks): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of body)
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The API's error envelope → ApiCallError; anything else (a proxy's HTML page) is described by its status. */
export function errorFrom(status: number, text: string): ApiCallError {
  const envelope = parseJson(text) as
    { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
  const error = envelope?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiCallError(error.code, error.message, error.details ?? null, status);
  }
  return new ApiCallError(
    'internal_error',
    `The API answered HTTP ${status} without an error body`,
    null,
    status,
  );
}

/** What every transport sends for a request: the path with its query, the headers (with the key), the body. */
export function wireRequest(request: ApiRequest, apiKey: string | undefined) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) query.set(name, String(value));
  }
  const headers: Record<string, string> = { accept: 'application/json', ...request.body?.headers };
  if (apiKey) headers['x-api-key'] = apiKey;
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  return {
    target: query.size > 0 ? `${request.path}?${query}` : request.path,
    headers,
    body: request.json !== undefined ? JSON.stringify(request.json) : request.body?.stream,
  };
}

/** Talks to a ClipForge server over HTTP, e.g. `http://127.0.0.1:8080/api/v1`, with the key in X-API-Key. */
export function fetchTransport(baseUrl: string, apiKey: string | undefined): ApiTransport {
  const base = baseUrl.replace(/\/+$/, '');
  return async (request) => {
    const { target, headers, body } = wireRequest(request, apiKey);
    let response: Response;
    try {
      response = await fetch(`${base}${target}`, {
        method: request.method,
        headers,
        body: body as RequestInit['body'],
        signal: request.signal,
        ...(request.body ? { duplex: 'half' } : {}),
      });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      const reason = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new Error(
        `no answer from ${base} (${reason}); is clipforge serve running there? (CLIPFORGE_API_URL)`,
        { cause: error },
      );
    }
    return { status: response.status, body: (response.body as Chunks | null) ?? [] };
  };
}
