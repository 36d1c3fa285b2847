import { describe, expect, it } from 'vitest';
import { generateCases, type FuzzTarget } from './cases.ts';
import { isEnvelope } from './envelope.ts';
import { parseResponse } from './raw-http.ts';
import { judge } from './run.ts';

const target: FuzzTarget = {
  key: 'sk_ssemble_own',
  otherKey: 'sk_ssemble_other',
  ownId: '0123456789abcdef01234567',
  otherId: '76543210fedcba9876543210',
  uploadPath: '/api/v1/uploads/0123456789abcdef01234567/v.mp4',
  uploadUrl: 'http://127.0.0.1:8080/api/v1/uploads/0123456789abcdef01234567/v.mp4',
  adminToken: 'token',
};

describe('generateCases', () => {
  it('gives exactly the count asked for, the same for a seed, and every category early', () => {
    const a = generateCases(target, 2500, 3);
    const b = generateCases(target, 2500, 3);
    expect(a).toHaveLength(2500);
    expect(a.map((c) => c.bytes.toString('latin1'))).toEqual(b.map((c) => c.bytes.toString('latin1')));
    expect(generateCases(target, 2500, 4).map((c) => c.name)).not.toEqual(a.map((c) => c.name));
    const categories = new Set(generateCases(target, 100, 3).map((c) => c.category));
    expect([...categories].sort()).toEqual([
      'admin',
      'create body',
      'create field',
      'files',
      'headers',
      'path id',
      'protocol',
      'query',
      'random damage',
      'uploads',
    ]);
  });

  it('covers every create field with wrong types and every id route with wrong-length ids', () => {
    const names = generateCases(target, 5000, 1).map((c) => c.name);
    for (const field of ['start', 'end', 'fileUrl', 'musicVolume', 'webhookUrl', 'layout', 'ctaText'])
      for (const kind of ['null', 'deepObject', 'longString', 'invalid UTF-8'])
        expect(names, `${field}=${kind}`).toContain(`${field}=${kind}`);
    for (const field of ['url', 'fileUrl', 'webhookUrl'])
      for (const kind of ['urlNoHost', 'urlEmptyHost', 'urlBadPort', 'urlOpenBracket', 'urlPercentHost'])
        expect(names, `${field}=${kind}`).toContain(`${field}=${kind}`);
    const ownPrefix = generateCases(target, 5000, 1).find(
      (c) => c.name === 'an upload URL with a malformed port in create',
    );
    expect(ownPrefix?.bytes.toString()).toContain(
      '"fileUrl":"http://127.0.0.1:8080:99999/api/v1/uploads/0123456789abcdef01234567/v.mp4"',
    );
    for (const route of ['/status', '/cancel', '/events']) {
      expect(names.some((name) => name.includes(route) && name.includes('id=long1000'))).toBe(true);
      expect(names.some((name) => name.includes(route) && name.includes('another account'))).toBe(true);
    }
  });
});

describe('parseResponse', () => {
  const head = (lines: string[]) =>
    `HTTP/1.1 400 Bad Request\r\n${lines.map((line) => `${line}\r\n`).join('')}\r\n`;
  it('waits for the whole body by Content-Length or chunks, and stops at the head of an event stream', () => {
    expect(parseResponse(Buffer.from(head(['Content-Length: 5']) + 'abc'), false)).toBeUndefined();
    expect(parseResponse(Buffer.from(head(['Content-Length: 5']) + 'abcde'), false)?.body.toString()).toBe(
      'abcde',
    );
    const chunked = head(['Transfer-Encoding: chunked']) + '3\r\nabc\r\n2\r\nde\r\n';
    expect(parseResponse(Buffer.from(chunked), false)).toBeUndefined();
    expect(parseResponse(Buffer.from(`${chunked}0\r\n\r\n`), false)?.body.toString()).toBe('abcde');
    expect(parseResponse(Buffer.from(head(['Content-Type: text/event-stream'])), false)?.status).toBe(400);
    expect(parseResponse(Buffer.from(head([]) + 'tail'), true)?.body.toString()).toBe('tail');
  });
});

describe('judge', () => {
  const fuzzCase = generateCases(target, 1, 1)[0];
  const answer = (status: number, body: unknown) => ({
    status,
    headers: {},
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const envelope = { error: { code: 'invalid_request', message: 'x: y', details: null } };
  it('finds 5xx, errors outside the envelope and requests without an answer', () => {
    expect(judge(fuzzCase, answer(400, envelope))).toBeUndefined();
    expect(judge(fuzzCase, answer(200, 'anything'))).toBeUndefined();
    expect(judge(fuzzCase, answer(500, envelope))?.problem).toBe('5xx');
    expect(judge(fuzzCase, answer(414, { error: 'Bad Request', statusCode: 414 }))?.problem).toBe(
      'outside the envelope',
    );
    expect(judge(fuzzCase, answer(400, ''))?.problem).toBe('outside the envelope');
    expect(judge(fuzzCase, { error: 'timeout' })?.problem).toMatch(/^no answer/);
  });

  it('accepts only the spec codes in the envelope', () => {
    expect(isEnvelope(envelope)).toBe(true);
    expect(isEnvelope({ error: { code: 'forbidden', message: 'x', details: null } })).toBe(false);
    expect(isEnvelope({ error: { code: 'conflict', message: 'x' } })).toBe(false);
    expect(isEnvelope({ error: { code: 'conflict', message: 'x', details: null }, extra: 1 })).toBe(false);
  });
});
