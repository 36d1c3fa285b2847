import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../src/webhooks/sign.ts';
import { asyncListener } from './http-listener.ts';

// A loopback server that plays both sides of a request's outside world: the video behind a fileUrl (any path) and
// the receiver of its webhooks (POST /webhook, each delivery kept with its headers).

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface MediaServer {
  url: string;
  webhooks: ReceivedWebhook[];
  close: () => void;
}

export async function startMediaServer(videoPath: string): Promise<MediaServer> {
  const webhooks: ReceivedWebhook[] = [];
  const server = http.createServer(
    asyncListener(async (request, response) => {
      if (request.url === '/webhook') {
        let body = '';
        for await (const chunk of request) body += chunk;
        webhooks.push({ headers: request.headers, body });
        response.end();
        return;
      }
      createReadStream(videoPath).pipe(response);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    webhooks,
    close: () => server.close(),
  };
}

/** Whether a delivery carries a valid signature of `secret` over its body. */
export function signedWith(secret: string, delivery: ReceivedWebhook): boolean {
  const header = (name: string) => String(delivery.headers[name]);
  return verifyWebhook(
    secret,
    {
      id: header('webhook-id'),
      timestamp: header('webhook-timestamp'),
      signature: header('webhook-signature'),
    },
    delivery.body,
  );
}
