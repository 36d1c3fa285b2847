import type { FuzzTarget } from './cases.ts';

// What the fuzzer needs of a running server: a request of each of two accounts and an upload of the first.

async function post(
  url: string,
  key: string,
  body: string | Uint8Array,
  contentType: string,
): Promise<Record<string, string>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': contentType },
    body,
  });
  const parsed = (await response.json()) as { data?: Record<string, string> };
  if (!response.ok || !parsed.data)
    throw new Error(`${url} answered ${response.status}: ${JSON.stringify(parsed)}`);
  return parsed.data;
}

export async function prepareTarget(options: {
  baseUrl: string;
  key: string;
  otherKey: string;
  /** a video the server may fetch (its network policy allows it) */
  videoUrl: string;
  video: Buffer;
  adminToken?: string;
}): Promise<FuzzTarget> {
  const create = (key: string) =>
    post(
      `${options.baseUrl}/api/v1/shorts/create`,
      key,
      JSON.stringify({ fileUrl: options.videoUrl, start: 0, end: 3 }),
      'application/json',
    );
  const [own, other, upload] = await Promise.all([
    create(options.key),
    create(options.otherKey),
    post(`${options.baseUrl}/api/v1/uploads`, options.key, new Uint8Array(options.video), 'video/mp4'),
  ]);
  return {
    key: options.key,
    otherKey: options.otherKey,
    ownId: own.requestId,
    otherId: other.requestId,
    uploadPath: new URL(upload.fileUrl).pathname,
    uploadUrl: upload.fileUrl,
    adminToken: options.adminToken,
  };
}
