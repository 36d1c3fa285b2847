import { runClipforge } from './cli.ts';
import { startClipforge, type RunningServer } from './server.ts';

// A real `clipforge serve` plus what a test needs to drive it: admin commands and a JSON client.

export interface ApiResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

export interface ApiCallOptions {
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Service {
  /** the running process (a new one after `start`) */
  readonly server: RunningServer;
  /** `clipforge <args>` on this service's data dir or database; stdout, or throws with stderr */
  admin(...args: string[]): Promise<string>;
  /** a new account with one key */
  newAccount(email: string, flags?: string[]): Promise<{ key: string; keyId: string; webhookSecret: string }>;
  api(method: string, route: string, options?: ApiCallOptions): Promise<ApiResponse>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** after `stop`: the same command on the same settings again, its accounts and keys kept */
  start(): Promise<void>;
}

export async function callApi(
  baseUrl: string,
  method: string,
  route: string,
  options: ApiCallOptions & { key: string | null },
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== null) headers['x-api-key'] = options.key;
  if (
    options.body !== undefined &&
    !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')
  )
    headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}/api/v1${route}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string' || options.body instanceof Uint8Array
          ? (options.body as string)
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** Starts `clipforge <args>` (serve by default) with `env`; admin commands use the same env and `adminArgs`. */
export async function startService(
  args: string[],
  env: NodeJS.ProcessEnv,
  adminArgs: string[] = [],
): Promise<Service> {
  let server = await startClipforge(args, env);
  const admin = async (...command: string[]) => {
    const result = await runClipforge([...command, ...adminArgs], { env });
    if (result.code !== 0) throw new Error(`${command.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  let defaultKey: string | null = null;
  return {
    get server() {
      return server;
    },
    admin,
    async newAccount(email, flags = []) {
      const created = JSON.parse(await admin('accounts', 'create', '--email', email, ...flags));
      const printed = await admin('keys', 'create', '--email', email);
      const key = printed.split('\n')[0].trim();
      const keyId = /key id ([0-9a-f]{24})/.exec(printed)?.[1] ?? '';
      defaultKey ??= key;
      return { key, keyId, webhookSecret: created.webhookSecret };
    },
    api: (method, route, options = {}) =>
      callApi(server.url, method, route, {
        ...options,
        key: options.key === undefined ? defaultKey : options.key,
      }),
    stop: (signal) => server.stop(signal),
    async start() {
      server = await startClipforge(args, env);
    },
  };
}
