import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsRepository, type Account } from '../store/accounts.ts';
import type { Database } from '../store/database.ts';
import { WebhookDeliveries } from './deliveries.ts';
import { verifyWebhook } from './sign.ts';
import { openTestDatabase } from '../../test/helpers/database.ts';
import { asyncListener } from '../../test/helpers/http-listener.ts';

// Deliveries on the real embedded database, to a real receiver on loopback.

let db: Database;
let closeDb: (() => Promise<void>) | undefined;
let account: Account;
let deliveries: WebhookDeliveries;
let receiver: http.Server;
let receiverUrl: string;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  ({ db, close: closeDb } = await openTestDatabase());
  account = await new AccountsRepository(db).create({ email: 'hooks@example.com' });
  deliveries = new WebhookDeliveries(db, { allowlist: ['127.0.0.1/32'], delayScale: 0.0001 });
  receiver = http.createServer(
    asyncListener(async (request, response) => {
      let body = '';
      for await (const chunk of request) body += chunk;
      received.push({ headers: request.headers, body });
      response.statusCode = failuresLeft-- > 0 ? 503 : 200;
      response.end();
    }),
  );
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  receiver?.close();
  await closeDb?.();
});

const secretFor = async (accountId: string) => (accountId === account.id ? account.webhookSecret : undefined);

/** Sends what is due until nothing is (the schedule is scaled down to milliseconds). */
async function drain(): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await deliveries.deliverDue(secretFor);
  }
}

describe('webhook deliveries', () => {
  it('stop at the first attempt to an address the network policy refuses, with the reason recorded', async () => {
    await deliveries.enqueue({
      requestId: 'refused0000000000000000a',
      accountId: account.id,
      url: 'http://10.0.0.8/hook',
      event: 'shorts.completed',
      payload: { event: 'shorts.completed' },
    });
    await drain();
    const attempts = await deliveries.attemptsFor('refused0000000000000000a');
    expect(attempts).toEqual([
      {
        attempt: 1,
        at: expect.any(String),
        status: null,
        error: expect.stringMatching(/non-public address/),
      },
    ]);
  });

  it('are signed with the account’s secret, with no request to look up', async () => {
    received.length = 0;
    await deliveries.enqueue({
      requestId: 'deleted00000000000000000',
      accountId: account.id,
      url: receiverUrl,
      event: 'shorts.cancelled',
      payload: { event: 'shorts.cancelled', requestId: 'deleted00000000000000000' },
    });
    await drain();
    expect(received).toHaveLength(1);
    const [delivery] = received;
    const headers = {
      id: String(delivery.headers['webhook-id']),
      timestamp: String(delivery.headers['webhook-timestamp']),
      signature: String(delivery.headers['webhook-signature']),
    };
    expect(verifyWebhook(account.webhookSecret, headers, delivery.body)).toBe(true);
  });

  it('are never sent unsigned: a delivery whose account is gone ends at once', async () => {
    received.length = 0;
    await deliveries.enqueue({
      requestId: 'orphan000000000000000000',
      accountId: 'no-such-account',
      url: receiverUrl,
      event: 'shorts.failed',
      payload: {},
    });
    await drain();
    expect(received).toEqual([]);
    expect(await deliveries.attemptsFor('orphan000000000000000000')).toEqual([
      {
        attempt: 1,
        at: expect.any(String),
        status: null,
        error: 'The account of this webhook no longer exists',
      },
    ]);
  });

  it('are retried under the same webhook-id, so a receiver can tell a retry from a new event', async () => {
    received.length = 0;
    failuresLeft = 2;
    await deliveries.enqueue({
      requestId: 'retried00000000000000000',
      accountId: account.id,
      url: receiverUrl,
      event: 'shorts.completed',
      payload: {},
    });
    await drain();
    expect(received.map((delivery) => delivery.headers['webhook-id'])).toEqual([
      expect.stringMatching(/^msg_/),
      received[0].headers['webhook-id'],
      received[0].headers['webhook-id'],
    ]);
    expect((await deliveries.attemptsFor('retried00000000000000000')).map((a) => a.status)).toEqual([
      503, 503, 200,
    ]);
  });
});
