import type { ApiErrorBody } from './field-errors.ts';
import { SseParser } from './sse.ts';

// The dashboard's client of /api/v1: the key goes in the X-API-Key header and nowhere else.

const BASE = '/api/v1';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }
}

function failureOf(status: number, text: string): ApiFailure {
  try {
    const parsed = JSON.parse(text) as { error?: ApiErrorBody };
    if (parsed.error?.message) return new ApiFailure(status, parsed.error);
  } catch {
    // not the envelope: described below
  }
  return new ApiFailure(status, {
    code: 'http_error',
    message: `The server answered ${status}`,
    details: null,
  });
}

export interface Answer<T> {
  data: T;
  headers: Headers;
}

export class Api {
  constructor(private readonly key: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const headers: Record<string, string> = { 'x-api-key': this.key };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${BASE}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
    });
    const text = await response.text();
    if (!response.ok) throw failureOf(response.status, text);
    return { data: (JSON.parse(text) as { data: T }).data, headers: response.headers };
  }

  get = <T>(path: string) => this.call<T>('GET', path).then((answer) => answer.data);

  /** Streams a file to POST /uploads, reporting the fraction sent. */
  upload(file: File, onProgress: (fraction: number) => void): Promise<{ uploadId: string; fileUrl: string }> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${BASE}/uploads`);
      xhr.setRequestHeader('x-api-key', this.key);
      xhr.setRequestHeader(
        'content-type',
        file.type.startsWith('video/') ? file.type : 'application/octet-stream',
      );
      xhr.setRequestHeader('x-filename', file.name.replace(/[^\w.-]/g, '_') || 'video');
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onload = () => {
        if (xhr.status === 201) {
          onProgress(1);
          resolve((JSON.parse(xhr.responseText) as { data: { uploadId: string; fileUrl: string } }).data);
        } else reject(failureOf(xhr.status, xhr.responseText));
      };
      xhr.onerror = () =>
        reject(
          new ApiFailure(0, {
            code: 'network',
            message: 'The upload did not reach the server',
            details: null,
          }),
        );
      xhr.send(file);
    });
  }

  /** Follows a request's event stream until it ends or `signal` aborts; reconnects after a dropped connection. */
  async follow(
    id: string,
    onEvent: (event: string, data: unknown) => void,
    signal: AbortSignal,
  ): Promise<void> {
    while (!signal.aborted) {
      let ended = false;
      try {
        const response = await fetch(`${BASE}/shorts/${id}/events`, {
          headers: { 'x-api-key': this.key, accept: 'text/event-stream' },
          credentials: 'omit',
          signal,
        });
        if (!response.ok || !response.body) throw failureOf(response.status, await response.text());
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const parser = new SseParser();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const event of parser.push(value)) {
            onEvent(event.event, JSON.parse(event.data));
            if (event.event === 'deleted') ended = true;
            const status = (JSON.parse(event.data) as { status?: string }).status;
            if (status === 'completed' || status === 'failed' || status === 'cancelled') ended = true;
          }
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiFailure && error.status >= 400 && error.status < 500) throw error;
      }
      if (ended) return;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
