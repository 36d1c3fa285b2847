import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { LookupFunction } from 'node:net';
import { Allowlist, refusalReason } from './policy.ts';
import { timeoutSignal } from './timeout-signal.ts';

// HTTP(S) requests that only reach public addresses: DNS is resolved here, every address vetted, the connection
// pinned to a vetted address (so a second resolution cannot swap it), and each redirect hop checked again.

export class NetworkPolicyError extends Error {
  override readonly name: string = 'NetworkPolicyError';
}

/** The host name did not resolve: unlike a refused address, this may change, so it is worth trying again. */
export class UnresolvedHostError extends NetworkPolicyError {
  override readonly name = 'UnresolvedHostError';
}

export interface SafeFetchOptions {
  allowlist?: readonly string[];
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRedirects?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** name resolution; injectable for tests */
  resolve?: (hostname: string) => Promise<string[]>;
}

export interface SafeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  url: string;
  body: http.IncomingMessage;
}

const defaultResolve = async (hostname: string) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

async function vettedAddress(
  url: URL,
  allowlist: Allowlist,
  resolve: (hostname: string) => Promise<string[]>,
): Promise<string> {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (net.isIP(hostname)) addresses = [hostname];
  else {
    try {
      addresses = await resolve(hostname);
    } catch {
      throw new UnresolvedHostError(`${url.host} could not be resolved`);
    }
  }
  if (addresses.length === 0) throw new UnresolvedHostError(`${url.host} could not be resolved`);
  for (const address of addresses) {
    const reason = refusalReason(address, allowlist);
    if (reason) throw new NetworkPolicyError(`${url.host} ${reason}`);
  }
  return addresses[0];
}

function pinnedLookup(address: string): LookupFunction {
  const family = net.isIP(address);
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

function requestOnce(
  url: URL,
  address: string,
  options: SafeFetchOptions,
  signal: AbortSignal,
): Promise<SafeResponse> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      lookup: pinnedLookup(address),
      signal,
    });
    request.on('response', (response) =>
      resolve({ status: response.statusCode ?? 0, headers: response.headers, url: url.href, body: response }),
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function safeFetch(input: string, options: SafeFetchOptions = {}): Promise<SafeResponse> {
  const allowlist = new Allowlist(options.allowlist ?? []);
  const resolve = options.resolve ?? defaultResolve;
  const signals = [options.signal, options.timeoutMs ? timeoutSignal(options.timeoutMs) : undefined].filter(
    (s): s is AbortSignal => s !== undefined,
  );
  const signal = AbortSignal.any(signals);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new NetworkPolicyError(`"${input}" is not a valid URL`);
  }
  let method = options.method ?? 'GET';
  let body = options.body;
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new NetworkPolicyError(`Only http and https URLs can be fetched (got ${url.protocol})`);
    }
    const address = await vettedAddress(url, allowlist, resolve);
    const response = await requestOnce(url, address, { ...options, method, body }, signal);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.status) || !location) return response;
    response.body.resume();
    if (hop >= (options.maxRedirects ?? 5)) throw new NetworkPolicyError(`Too many redirects from ${input}`);
    url = new URL(location, url);
    if (response.status === 303) {
      method = 'GET';
      body = undefined;
    }
  }
}
