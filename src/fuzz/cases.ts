import { seededRandom } from '../sample/random.ts';
import { requestHead } from './raw-http.ts';

// Generated bad requests over every route of the API: wrong types for every create field, huge strings, deep
// nesting, invalid UTF-8, wrong content types, empty bodies with a JSON content type, bad query values,
// wrong-length ids, oversized headers, bad percent-encoding, malformed HTTP. Deterministic for a seed.

export interface FuzzTarget {
  /** a key of the account whose requests are `ownId` */
  key: string;
  /** a key of another account */
  otherKey: string;
  ownId: string;
  otherId: string;
  /** path of an upload of the own account, as create's fileUrl gives it */
  uploadPath: string;
  /** the whole fileUrl that upload answered, when known: this server's own prefix, which create parses apart */
  uploadUrl?: string;
  /** the admin channel's token, when the fuzzer may knock on it with bad commands */
  adminToken?: string;
}

export interface FuzzCase {
  category: string;
  name: string;
  method: string;
  bytes: Buffer;
}

const INVALID_UTF8 = Buffer.from([
  0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe,
]);
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** JSON texts of the wrong kind for any field, and values that are the right type but out of every range. */
const BAD_VALUES: Record<string, string> = {
  null: 'null',
  true: 'true',
  false: 'false',
  zero: '0',
  negative: '-1',
  fraction: '0.5',
  huge: '1e308',
  hugeNegative: '-1e308',
  bigInt: '123456789012345678901234567890',
  emptyString: '""',
  space: '" "',
  word: '"x"',
  numberString: '"5"',
  nul: '"\\u0000"',
  loneSurrogate: '"\\ud800"',
  emoji: '"😀😀😀"',
  rtl: '"\\u202e\\u202dabc"',
  longString: JSON.stringify('x'.repeat(100_000)),
  controlChars: JSON.stringify('\u0001\u0002\u001f'),
  emptyArray: '[]',
  array: '["a",1,null]',
  emptyObject: '{}',
  object: '{"a":1}',
  deepArray: deepArray(5000),
  deepObject: deepObject(5000),
  protoObject: '{"__proto__":{"polluted":true}}',
  urlPrivate: '"http://169.254.169.254/latest"',
  urlFile: '"file:///etc/passwd"',
  urlJs: '"javascript:alert(1)"',
  // http(s) URLs in form that the WHATWG parser refuses: each must be a 400 naming its field, never a 500
  urlNoHost: '"http://:80/"',
  urlEmptyHost: '"https://"',
  urlBadPort: '"http://example.com:99999/v.mp4"',
  urlOpenBracket: '"http://[::1/v.mp4"',
  urlPercentHost: '"http://%zz/v.mp4"',
  hexId: '"0123456789abcdef01234567"',
};

const CREATE_FIELDS = [
  'url',
  'fileUrl',
  'start',
  'end',
  'preferredLength',
  'language',
  'captionLanguage',
  'templateId',
  'noClipping',
  'hookTitle',
  'memeHook',
  'memeHookName',
  'gameVideo',
  'gameVideoName',
  'ctaEnabled',
  'ctaText',
  'music',
  'musicName',
  'musicVolume',
  'layout',
  'webhookUrl',
];

/** A create body that is valid but whose source the network policy refuses at once: nothing is created. */
const BASE_CREATE: Record<string, string> = {
  fileUrl: '"http://10.255.255.1/video.mp4"',
  start: '0',
  end: '30',
};

function jsonObject(fields: Record<string, string>): string {
  return `{${Object.entries(fields)
    .map(([name, value]) => `${JSON.stringify(name)}:${value}`)
    .join(',')}}`;
}

function request(
  method: string,
  target: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Buffer {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
  const head = Buffer.from(requestHead(method, target, headers, payload?.length), 'latin1');
  return payload ? Buffer.concat([head, payload]) : head;
}

const ID_ROUTES: [string, (id: string) => string][] = [
  ['GET', (id) => `/api/v1/shorts/${id}/status`],
  ['GET', (id) => `/api/v1/shorts/${id}`],
  ['GET', (id) => `/api/v1/shorts/${id}/events`],
  ['POST', (id) => `/api/v1/shorts/${id}/cancel`],
  ['DELETE', (id) => `/api/v1/shorts/${id}`],
];

const ALL_ROUTES: [string, string][] = [
  ['POST', '/api/v1/shorts/create'],
  ['GET', '/api/v1/shorts'],
  ['GET', '/api/v1/templates'],
  ['GET', '/api/v1/music'],
  ['GET', '/api/v1/game-videos'],
  ['GET', '/api/v1/meme-hooks'],
  ['POST', '/api/v1/uploads'],
  ['GET', '/api/v1/account'],
  ['GET', '/api/v1/openapi.json'],
  ['GET', '/api/v1/docs'],
  ['GET', '/api/v1/healthz'],
  ['GET', '/api/v1/metrics'],
  ['GET', '/api/v1/files/templates/karaoke.png'],
  ['POST', '/admin/command'],
];

const BAD_QUERY_VALUES = [
  '',
  '0',
  '-1',
  '1.5',
  'abc',
  '1e9',
  '99999999999999999999999',
  'NaN',
  'Infinity',
  'null',
  '%zz',
  '%E0%A4%A',
  '%00',
  '%C3%28',
  encodeURIComponent('😀'),
  'x'.repeat(8000),
  '1&page=2&page=3',
  '[]',
];

function* createFieldCases(target: FuzzTarget): Generator<FuzzCase> {
  const headers = { 'X-API-Key': target.key, 'Content-Type': 'application/json' };
  for (const field of CREATE_FIELDS) {
    for (const [kind, value] of Object.entries(BAD_VALUES)) {
      const body = jsonObject({ ...BASE_CREATE, [field]: value });
      yield {
        category: 'create field',
        name: `${field}=${kind}`,
        method: 'POST',
        bytes: request('POST', '/api/v1/shorts/create', headers, body),
      };
    }
    const withBytes = Buffer.concat([
      Buffer.from(`${jsonObject(BASE_CREATE).slice(0, -1)},${JSON.stringify(field)}:"`),
      INVALID_UTF8,
      Buffer.from('"}'),
    ]);
    yield {
      category: 'create field',
      name: `${field}=invalid UTF-8`,
      method: 'POST',
      bytes: request('POST', '/api/v1/shorts/create', headers, withBytes),
    };
  }
}

function* createBodyCases(target: FuzzTarget): Generator<FuzzCase> {
  const valid = jsonObject(BASE_CREATE);
  const bodies: Record<string, string | Buffer> = {
    empty: '',
    whitespace: '  \r\n\t ',
    truncated: valid.slice(0, -3),
    trailingComma: `${valid.slice(0, -1)},}`,
    array: `[${valid}]`,
    string: '"create"',
    number: '42',
    null: 'null',
    deepObject: deepObject(5000),
    deepArray: deepArray(5000),
    deepObjectLarge: deepObject(100_000),
    deepArrayLarge: deepArray(200_000),
    tooLarge: `{"pad":"${'x'.repeat(1_100_000)}"}`,
    invalidUtf8: Buffer.concat([
      Buffer.from('{"fileUrl":"'),
      INVALID_UTF8,
      Buffer.from('","start":0,"end":30}'),
    ]),
    bom: `\ufeff${valid}`,
    proto: '{"__proto__":{"polluted":true},"fileUrl":"http://10.255.255.1/v.mp4","start":0,"end":30}',
    constructorProto: '{"constructor":{"prototype":{"polluted":true}}}',
    duplicateKeys: `{"start":0,"start":"x","end":30,"fileUrl":"http://10.255.255.1/v.mp4"}`,
    binary: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)),
  };
  const types = [
    'application/json',
    'application/json; charset=utf-16',
    'application/json;;;',
    'APPLICATION/JSON',
    'video/mp4',
    'audio/mpeg',
    'audio/*',
    'application/octet-stream',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
    'application/merge-patch+json',
    '*/*',
    'garbage',
  ];
  for (const [name, body] of Object.entries(bodies)) {
    for (const type of name === 'empty' || name === 'binary' || name === 'truncated'
      ? types
      : types.slice(0, 6)) {
      yield {
        category: 'create body',
        name: `${name} as ${type}`,
        method: 'POST',
        bytes: request(
          'POST',
          '/api/v1/shorts/create',
          { 'X-API-Key': target.key, 'Content-Type': type },
          body,
        ),
      };
    }
  }
  yield {
    category: 'create body',
    name: 'no content type',
    method: 'POST',
    bytes: request('POST', '/api/v1/shorts/create', { 'X-API-Key': target.key }, valid),
  };
  for (const [name, key] of Object.entries({
    tooLong: 'k'.repeat(4000),
    unicode: 'ключ-😀',
    empty: '',
    spaces: '   ',
  })) {
    yield {
      category: 'create body',
      name: `Idempotency-Key ${name}`,
      method: 'POST',
      bytes: request(
        'POST',
        '/api/v1/shorts/create',
        { 'X-API-Key': target.key, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        valid,
      ),
    };
  }
}

function* idCases(target: FuzzTarget): Generator<FuzzCase> {
  const ids: Record<string, string> = {
    empty: '',
    short: 'x',
    hex23: '0123456789abcdef0123456',
    hex25: '0123456789abcdef012345678',
    nonHex24: 'zzzzzzzzzzzzzzzzzzzzzzzz',
    upperUnknown: '0123456789ABCDEF01234567',
    long101: 'a'.repeat(101),
    long1000: 'a'.repeat(1000),
    long8000: 'a'.repeat(8000),
    nul: '%00',
    badPercent: '%zz',
    truncatedPercent: '%E0%A4%A',
    lonePercent: '%',
    overlong: '%C0%AF',
    traversal: '..%2F..%2Fetc%2Fpasswd',
    dotdot: '..',
    unicode: encodeURIComponent('é'.repeat(24)),
    rawHighBytes: '\u00ff\u00fe\u00e9',
    other: target.otherId,
    own: target.ownId,
  };
  for (const [method, route] of ID_ROUTES) {
    for (const [name, id] of Object.entries(ids)) {
      for (const contentType of [undefined, 'application/json']) {
        const headers: Record<string, string> = { 'X-API-Key': target.key };
        if (contentType) headers['Content-Type'] = contentType;
        yield {
          category: 'path id',
          name: `${method} ${route(':id')} id=${name}${contentType ? ' (JSON type, no body)' : ''}`,
          method,
          bytes: request(method, route(id), headers, method === 'GET' ? undefined : ''),
        };
      }
    }
    yield {
      category: 'path id',
      name: `${method} ${route(':id')} with another account's key`,
      method,
      bytes: request(
        method,
        route(target.ownId),
        { 'X-API-Key': target.otherKey },
        method === 'GET' ? undefined : '',
      ),
    };
  }
}

function* queryCases(target: FuzzTarget): Generator<FuzzCase> {
  const routes: [string, string[]][] = [
    ['/api/v1/shorts', ['page', 'limit', 'status', 'sortBy', 'sortOrder']],
    ['/api/v1/music', ['page', 'limit']],
    ['/api/v1/game-videos', ['page', 'limit']],
    ['/api/v1/meme-hooks', ['page', 'limit']],
  ];
  for (const [route, params] of routes) {
    for (const param of params) {
      for (const value of BAD_QUERY_VALUES) {
        yield {
          category: 'query',
          name: `${route}?${param}=${value.slice(0, 20)}`,
          method: 'GET',
          bytes: request('GET', `${route}?${param}=${value}`, { 'X-API-Key': target.key }),
        };
      }
    }
    yield {
      category: 'query',
      name: `${route} with a raw non-ASCII query`,
      method: 'GET',
      bytes: request('GET', `${route}?page=\u00ff\u00fe`, { 'X-API-Key': target.key }),
    };
  }
}

function* headerCases(target: FuzzTarget): Generator<FuzzCase> {
  const account = '/api/v1/account';
  const cases: Record<string, Record<string, string>> = {
    'no key': {},
    'empty key': { 'X-API-Key': '' },
    'spaces key': { 'X-API-Key': '   ' },
    'huge key': { 'X-API-Key': 'k'.repeat(12_000) },
    'wrong prefix key': { 'X-API-Key': 'pk_live_0123' },
    'latin1 key': { 'X-API-Key': 'sk_ssemble_\u00e9\u00ff' },
    'bearer without key': { Authorization: 'Bearer' },
    'bearer with spaces': { Authorization: 'Bearer a b c' },
    'basic auth': { Authorization: 'Basic dXNlcjpwYXNz' },
    'both keys, one wrong': { 'X-API-Key': 'sk_ssemble_wrong', Authorization: `Bearer ${target.key}` },
    'header of 20 KB': { 'X-API-Key': target.key, 'X-Pad': 'a'.repeat(20_000) },
    'header of 100 KB': { 'X-API-Key': target.key, 'X-Pad': 'a'.repeat(100_000) },
    'many headers': Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`X-H${i}`, 'v'])),
    'invalid header bytes': { 'X-API-Key': target.key, 'X-Bytes': '\u00ff\u00fe\u0080' },
    'content-length and chunked': {
      'X-API-Key': target.key,
      'Content-Length': '5',
      'Transfer-Encoding': 'chunked',
    },
    'negative content-length': { 'X-API-Key': target.key, 'Content-Length': '-1' },
    'bad content-length': { 'X-API-Key': target.key, 'Content-Length': 'abc' },
    'two content-lengths': { 'X-API-Key': target.key, 'Content-Length': '0, 1' },
    'range garbage': { 'X-API-Key': target.key, Range: 'bytes=zz-yy' },
    'accept-encoding garbage': { 'X-API-Key': target.key, 'Accept-Encoding': '\u00ff;q=abc' },
  };
  for (const [name, headers] of Object.entries(cases)) {
    for (const route of [account, '/api/v1/shorts', '/api/v1/templates']) {
      yield {
        category: 'headers',
        name: `${route}: ${name}`,
        method: 'GET',
        bytes: request('GET', route, headers),
      };
    }
  }
  yield {
    category: 'headers',
    name: 'bad chunked encoding',
    method: 'POST',
    bytes: Buffer.from(
      `${requestHead('POST', '/api/v1/shorts/create', { 'X-API-Key': target.key, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' })}zz\r\nabc\r\n0\r\n\r\n`,
      'latin1',
    ),
  };
  yield {
    category: 'headers',
    name: 'empty chunked JSON body on cancel',
    method: 'POST',
    bytes: Buffer.from(
      `${requestHead('POST', `/api/v1/shorts/${target.otherId}/cancel`, { 'X-API-Key': target.key, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' })}0\r\n\r\n`,
      'latin1',
    ),
  };
}

function* protocolCases(target: FuzzTarget): Generator<FuzzCase> {
  const raw: Record<string, string> = {
    garbage: 'GARBAGE\r\n\r\n',
    'no version': 'GET /api/v1/account\r\n\r\n',
    'HTTP/2.0': 'GET /api/v1/account HTTP/2.0\r\nHost: x\r\n\r\n',
    'HTTP/9.9': 'GET /api/v1/account HTTP/9.9\r\nHost: x\r\n\r\n',
    'lower-case method': `get /api/v1/account HTTP/1.1\r\nHost: x\r\nX-API-Key: ${target.key}\r\n\r\n`,
    'unknown method': `FROB /api/v1/account HTTP/1.1\r\nHost: x\r\nX-API-Key: ${target.key}\r\n\r\n`,
    'long method': `${'G'.repeat(5000)} /api/v1/account HTTP/1.1\r\nHost: x\r\n\r\n`,
    'absolute target': `GET http://127.0.0.1/api/v1/account HTTP/1.1\r\nHost: x\r\nX-API-Key: ${target.key}\r\n\r\n`,
    'asterisk target': 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n',
    'no host': `GET /api/v1/account HTTP/1.1\r\nX-API-Key: ${target.key}\r\n\r\n`,
    'header without colon': 'GET /api/v1/account HTTP/1.1\r\nHost: x\r\nBroken Header\r\n\r\n',
    'space before colon': 'GET /api/v1/account HTTP/1.1\r\nHost : x\r\n\r\n',
    'bare LF': `GET /api/v1/account HTTP/1.1\nHost: x\nX-API-Key: ${target.key}\n\n`,
    'NUL in target': 'GET /api/v1/acc\u0000ount HTTP/1.1\r\nHost: x\r\n\r\n',
    'tab in target': 'GET /api/v1/\taccount HTTP/1.1\r\nHost: x\r\n\r\n',
    'URL of 15 KB': `GET /api/v1/shorts/${'a'.repeat(15_000)} HTTP/1.1\r\nHost: x\r\nX-API-Key: ${target.key}\r\n\r\n`,
    'URL of 40 KB': `GET /api/v1/shorts/${'a'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    'double slashes': `GET //api//v1//account HTTP/1.1\r\nHost: x\r\nX-API-Key: ${target.key}\r\n\r\n`,
    'encoded slashes': `GET /api%2Fv1%2Faccount HTTP/1.1\r\nHost: x\r\nX-API-Key: ${target.key}\r\n\r\n`,
    'obs-fold header': `GET /api/v1/account HTTP/1.1\r\nHost: x\r\nX-API-Key: ${target.key}\r\n folded\r\n\r\n`,
  };
  for (const [name, text] of Object.entries(raw))
    yield { category: 'protocol', name, method: text.split(' ')[0], bytes: Buffer.from(text, 'latin1') };
  for (const [method, route] of ALL_ROUTES) {
    for (const other of ['PUT', 'PATCH', method === 'GET' ? 'POST' : 'GET', 'DELETE']) {
      yield {
        category: 'protocol',
        name: `${other} ${route}`,
        method: other,
        bytes: request(other, route, { 'X-API-Key': target.key }, other === 'GET' ? undefined : ''),
      };
    }
  }
  for (const path of [
    '/',
    '/api',
    '/api/v1',
    '/api/v2/shorts',
    '/api/v1/shorts/',
    '/api/v1/%zz',
    '/admin',
    '/favicon.ico',
  ]) {
    yield {
      category: 'protocol',
      name: `unknown ${path}`,
      method: 'GET',
      bytes: request('GET', path, { 'X-API-Key': target.key }),
    };
  }
}

function* uploadCases(target: FuzzTarget): Generator<FuzzCase> {
  const types = [
    'video/mp4',
    'application/json',
    'text/plain',
    'application/octet-stream',
    'garbage',
    'audio/wav',
  ];
  const bodies: Record<string, string | Buffer> = {
    empty: '',
    small: 'not really a video',
    bytes: INVALID_UTF8,
    deepJson: deepObject(5000),
  };
  for (const type of types) {
    for (const [name, body] of Object.entries(bodies)) {
      yield {
        category: 'uploads',
        name: `${name} as ${type}`,
        method: 'POST',
        bytes: request('POST', '/api/v1/uploads', { 'X-API-Key': target.key, 'Content-Type': type }, body),
      };
    }
  }
  for (const filename of ['../../etc/passwd', 'é😀.mp4', 'x'.repeat(10_000), '\u00ff\u00fe', '', '.']) {
    yield {
      category: 'uploads',
      name: `X-Filename ${filename.slice(0, 20)}`,
      method: 'POST',
      bytes: request(
        'POST',
        '/api/v1/uploads',
        { 'X-API-Key': target.key, 'Content-Type': 'video/mp4', 'X-Filename': filename },
        'bytes',
      ),
    };
  }
  const stolen = jsonObject({
    ...BASE_CREATE,
    fileUrl: JSON.stringify(`http://127.0.0.1${target.uploadPath}`),
  });
  yield {
    category: 'uploads',
    name: "another account's upload in create",
    method: 'POST',
    bytes: request(
      'POST',
      '/api/v1/shorts/create',
      { 'X-API-Key': target.otherKey, 'Content-Type': 'application/json' },
      stolen,
    ),
  };
  if (target.uploadUrl) {
    // starts like this server's upload URLs, so create takes it for one of them, but its port is no port
    const own = new URL(target.uploadUrl);
    yield {
      category: 'uploads',
      name: 'an upload URL with a malformed port in create',
      method: 'POST',
      bytes: request(
        'POST',
        '/api/v1/shorts/create',
        { 'X-API-Key': target.key, 'Content-Type': 'application/json' },
        jsonObject({ ...BASE_CREATE, fileUrl: JSON.stringify(`${own.origin}:99999${own.pathname}`) }),
      ),
    };
  }
}

function* fileCases(): Generator<FuzzCase> {
  const targets = [
    '/api/v1/files/',
    '/api/v1/files/templates/karaoke.png',
    '/api/v1/files/templates/karaoke.png?expires=1&sig=00',
    '/api/v1/files/templates/karaoke.png?expires=abc&sig=zz',
    `/api/v1/files/templates/karaoke.png?expires=99999999999999999999&sig=${'0'.repeat(64)}`,
    `/api/v1/files/templates/karaoke.png?expires=-1&sig=${'a'.repeat(64)}`,
    `/api/v1/files/templates/karaoke.png?expires=1&sig=${'g'.repeat(64)}`,
    `/api/v1/files/templates/karaoke.png?expires=1&sig=${'0'.repeat(65)}`,
    '/api/v1/files/../signing.key?expires=1&sig=00',
    '/api/v1/files/%2e%2e/signing.key?expires=1&sig=00',
    '/api/v1/files/%252e%252e/signing.key?expires=1&sig=00',
    '/api/v1/files/templates/%zz.png',
    '/api/v1/files/templates/%E0%A4%A.png',
    '/api/v1/files/templates/%00.png',
    '/api/v1/files/templates//karaoke.png?expires=1&sig=00',
    `/api/v1/files/${'a/'.repeat(2000)}x`,
    '/api/v1/files/templates/karaoke.png?expires=1&expires=2&sig=00&sig=11',
    '/api/v1/files/\u00ff\u00fe',
  ];
  for (const target of targets) {
    for (const range of [undefined, 'bytes=0-10', 'bytes=999999999999-', 'bytes=-0', 'bytes=5-1,zz']) {
      yield {
        category: 'files',
        name: `${target.slice(0, 60)}${range ? ` Range ${range}` : ''}`,
        method: 'GET',
        bytes: request('GET', target, range ? { Range: range } : {}),
      };
    }
  }
}

function* adminCases(target: FuzzTarget): Generator<FuzzCase> {
  const tokens: Record<string, string | undefined> = {
    none: undefined,
    wrong: 'x'.repeat(48),
    real: target.adminToken,
  };
  const bodies: Record<string, string> = {
    empty: '',
    unknownOp: '{"op":"accounts.drop"}',
    noOp: '{"email":"a@b.c"}',
    wrongTypes: '{"op":"credits.add","email":5,"credits":"lots"}',
    negativeCredits: '{"op":"credits.add","email":"nobody@example.com","credits":-5}',
    missingEmail: '{"op":"accounts.create"}',
    deep: deepObject(5000),
    array: '[]',
    noSuchKey: '{"op":"keys.revoke","keyId":"0123456789abcdef01234567"}',
    noSuchAccount: '{"op":"keys.list","email":"nobody@example.com"}',
  };
  for (const [tokenName, token] of Object.entries(tokens)) {
    if (tokenName === 'real' && !token) continue;
    for (const [name, body] of Object.entries(bodies)) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (token) headers['X-Admin-Token'] = token;
      yield {
        category: 'admin',
        name: `${name} with ${tokenName} token`,
        method: 'POST',
        bytes: request('POST', '/admin/command', headers, body),
      };
    }
  }
}

/** Random damage to valid requests: bytes flipped, cut short, or spliced, over every route. */
function* mutationCases(target: FuzzTarget, random: () => number): Generator<FuzzCase> {
  const seeds = [
    request(
      'POST',
      '/api/v1/shorts/create',
      { 'X-API-Key': target.key, 'Content-Type': 'application/json' },
      jsonObject(BASE_CREATE),
    ),
    request('GET', `/api/v1/shorts/${target.ownId}/status`, { 'X-API-Key': target.key }),
    request('GET', '/api/v1/shorts?page=1&limit=5&status=queued', { 'X-API-Key': target.key }),
    request(
      'POST',
      `/api/v1/shorts/${target.otherId}/cancel`,
      { 'X-API-Key': target.key, 'Content-Type': 'application/json' },
      '',
    ),
    request('GET', '/api/v1/music?page=1&limit=2', { 'X-API-Key': target.key }),
    request('GET', '/api/v1/account', { Authorization: `Bearer ${target.key}` }),
  ];
  // the framing lines stay intact: a damaged Content-Length would leave the server waiting for bytes never sent
  const framing = (bytes: Buffer) =>
    [...bytes.toString('latin1').matchAll(/(Content-Length|Connection): [^\r]*\r\n/g)].map((match) => [
      match.index,
      match.index + match[0].length,
    ]);
  for (let i = 0; ; i++) {
    const seed = seeds[i % seeds.length];
    const bytes = Buffer.from(seed);
    const kept = framing(bytes);
    const edits = 1 + Math.floor(random() * 4);
    let name = '';
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * bytes.length);
      if (kept.some(([from, to]) => at >= from && at < to)) continue;
      const value = Math.floor(random() * 256);
      bytes[at] = value;
      name += `${at}=${value} `;
    }
    yield { category: 'random damage', name: `seed ${i % seeds.length}: ${name.trim()}`, method: '?', bytes };
  }
}

function shuffled<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * `count` cases: every category in turn (each in a seeded order), so a short run still covers all of them; once
 * the fixed cases are used up, random damage to valid requests fills the rest.
 */
export function generateCases(target: FuzzTarget, count: number, seed = 1): FuzzCase[] {
  const random = seededRandom(seed);
  const fixed = [
    createFieldCases(target),
    createBodyCases(target),
    idCases(target),
    queryCases(target),
    headerCases(target),
    protocolCases(target),
    uploadCases(target),
    fileCases(),
    adminCases(target),
  ].map((generator) => shuffled([...generator], random));
  const damage = mutationCases(target, random);
  const cases: FuzzCase[] = [];
  for (let round = 0; cases.length < count; round++) {
    for (const list of fixed) if (round < list.length && cases.length < count) cases.push(list[round]);
    if (cases.length < count) cases.push(damage.next().value as FuzzCase);
    if (fixed.every((list) => round >= list.length))
      while (cases.length < count) cases.push(damage.next().value as FuzzCase);
  }
  return cases;
}
