import { createReadStream, existsSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { runProcess } from '../../src/media/process.ts';

/** A small synthetic clip from ffmpeg's test sources: a moving pattern and, unless told otherwise, a tone. */
export async function makeTestVideo(
  output: string,
  options: { width?: number; height?: number; seconds?: number; video?: boolean; audio?: boolean } = {},
): Promise<string> {
  const { width = 320, height = 180, seconds = 4, video = true, audio = true } = options;
  const inputs = [
    ...(video ? ['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=25:duration=${seconds}`] : []),
    ...(audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`] : []),
  ];
  const codecs = [
    ...(video ? ['-c:v', 'libx264', '-preset', 'ultrafast'] : []),
    ...(audio ? ['-c:a', 'aac'] : []),
  ];
  await runProcess('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    ...inputs,
    ...codecs,
    '-shortest',
    output,
  ]);
  return output;
}

/** Answers a request with the file of that name in `dir` (404 when there is none), as a plain web server would. */
export function sendFileFrom(
  dir: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): void {
  const file = path.join(dir, path.basename(request.url ?? ''));
  if (!existsSync(file)) {
    response.statusCode = 404;
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}
