import net from 'node:net';

// HTTP/1.1 over a bare socket, for the requests fetch refuses to send: malformed request lines, invalid
// percent-encoding, oversized headers, bytes that are not UTF-8.

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type RawOutcome = RawResponse | { error: string };

/** The head of an HTTP/1.1 request; `Connection: close` and, when a body is given, its length are added. */
export function requestHead(
  method: string,
  target: string,
  headers: Record<string, string>,
  bodyLength?: number,
): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (
    bodyLength !== undefined &&
    !Object.keys(headers).some((name) => /^(content-length|transfer-encoding)$/i.test(name))
  )
    lines.push(`Content-Length: ${bodyLength}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function decodeChunked(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (data.length < start + size + 2) return undefined;
    parts.push(data.subarray(start, start + size));
    offset = start + size + 2;
  }
}

/** The response once complete: by Content-Length, by the last chunk, at the head of an event stream, or at close. */
export function parseResponse(data: Buffer, closed: boolean): RawResponse | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine, ...headerLines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = data.subarray(headEnd + 4);
  if (headers['content-type']?.startsWith('text/event-stream'))
    return { status, headers, body: Buffer.alloc(0) };
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    return rest.length >= length ? { status, headers, body: rest.subarray(0, length) } : undefined;
  }
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const body = decodeChunked(rest);
    return body ? { status, headers, body } : closed ? { status, headers, body: rest } : undefined;
  }
  if (status === 204 || status === 304) return { status, headers, body: Buffer.alloc(0) };
  return closed ? { status, headers, body: rest } : undefined;
}

/** Sends `request` as is to host:port and reads one response (or says why there was none). */
export function sendRaw(
  port: number,
  request: Buffer | string,
  { host = '127.0.0.1', timeoutMs = 10_000 } = {},
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (outcome: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ error: `no complete response within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const response = parseResponse(Buffer.concat(chunks), false);
      if (response) finish(response);
    });
    const onClose = () => {
      const response = parseResponse(Buffer.concat(chunks), true);
      finish(
        response ?? { error: chunks.length ? 'malformed response' : 'connection closed without a response' },
      );
    };
    socket.on('end', onClose);
    socket.on('close', onClose);
    socket.on('error', (error) => {
      const response = parseResponse(Buffer.concat(chunks), true);
      finish(response ?? { error: error.message });
    });
  });
}
