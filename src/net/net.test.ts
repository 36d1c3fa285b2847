import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Allowlist, embeddedIPv4, isPublicAddress, refusalReason } from './policy.ts';
import { NetworkPolicyError, safeFetch } from './safe-fetch.ts';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.0.0.5',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.251',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    'fc00::abcd',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.1.2.3',
    '2001:db8::1',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'accepts %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('reads the IPv4 address inside mapped IPv6 forms', () => {
    expect(embeddedIPv4('::ffff:192.168.0.1')).toBe('192.168.0.1');
    expect(embeddedIPv4('::ffff:c0a8:1')).toBe('192.168.0.1');
    expect(embeddedIPv4('2001:db8::1')).toBeUndefined();
  });
});

describe('Allowlist', () => {
  it('exempts the listed ranges only', () => {
    const allowlist = new Allowlist(['127.0.0.1/32', '10.1.0.0/16', '::1']);
    expect(refusalReason('127.0.0.1', allowlist)).toBeUndefined();
    expect(refusalReason('::1', allowlist)).toBeUndefined();
    expect(refusalReason('10.1.200.3', allowlist)).toBeUndefined();
    expect(refusalReason('10.2.0.1', allowlist)).toMatch(/non-public address \(10\.2\.0\.1\)/);
    expect(refusalReason('127.0.0.2', allowlist)).toBeDefined();
  });

  it('rejects malformed CIDRs', () => {
    expect(() => new Allowlist(['127.0.0.1/33'])).toThrow(/Invalid CIDR/);
    expect(() => new Allowlist(['localhost'])).toThrow(/Invalid CIDR/);
  });
});

describe('safeFetch', () => {
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (request.url === '/redirect-private') {
        response.writeHead(302, { location: 'http://10.0.0.1/secret' });
        response.end();
      } else if (request.url === '/redirect-local') {
        response.writeHead(301, { location: '/ok' });
        response.end();
      } else {
        response.end(`hello from ${request.url}`);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const text = async (response: Awaited<ReturnType<typeof safeFetch>>) => {
    let body = '';
    for await (const chunk of response.body) body += chunk;
    return body;
  };

  it('refuses loopback when it is not allow-listed', async () => {
    await expect(safeFetch(`${base}/ok`)).rejects.toThrow(NetworkPolicyError);
    await expect(safeFetch('http://[::1]:9/')).rejects.toThrow(/non-public/);
    await expect(safeFetch('http://169.254.169.254/latest/meta-data')).rejects.toThrow(/169\.254\.169\.254/);
  });

  it('fetches from an allow-listed address and follows safe redirects', async () => {
    const response = await safeFetch(`${base}/redirect-local`, { allowlist: ['127.0.0.1/32'] });
    expect(response.status).toBe(200);
    expect(await text(response)).toBe('hello from /ok');
  });

  it('refuses a redirect to a private address', async () => {
    await expect(safeFetch(`${base}/redirect-private`, { allowlist: ['127.0.0.1/32'] })).rejects.toThrow(
      /10\.0\.0\.1/,
    );
  });

  it('refuses a public-looking name that resolves to a private address', async () => {
    const resolve = async () => ['10.0.0.7'];
    await expect(safeFetch('http://videos.example.com/a.mp4', { resolve })).rejects.toThrow(
      /videos\.example\.com resolves to a non-public address \(10\.0\.0\.7\)/,
    );
  });

  it('connects to the vetted address, not to a second resolution', async () => {
    const port = (server.address() as AddressInfo).port;
    const resolve = async () => ['127.0.0.1'];
    const response = await safeFetch(`http://rebinding.example.com:${port}/pinned`, {
      resolve,
      allowlist: ['127.0.0.1/32'],
    });
    expect(await text(response)).toBe('hello from /pinned');
  });

  it('only speaks http and https', async () => {
    await expect(safeFetch('file:///etc/passwd')).rejects.toThrow(/Only http and https/);
    await expect(safeFetch('not a url')).rejects.toThrow(/not a valid URL/);
  });
});
