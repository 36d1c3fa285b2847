import { describe, expect, it } from 'vitest';
import { parseSse, type SseEvent } from './sse.ts';

async function collect(chunks: (string | Uint8Array)[]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSse(chunks)) events.push(event);
  return events;
}

describe('parseSse', () => {
  it('reads events split anywhere across chunks, skipping comments, retry and id', async () => {
    const stream =
      'retry: 2000\n\nid: 1\nevent: status\ndata: {"progress":20}\n\n: keep-alive\n\nevent: status\ndata: {"progress":40}\n\nevent: deleted\ndata: {}\n\n';
    const bytes = new TextEncoder().encode(stream);
    const chunks = [bytes.slice(0, 7), bytes.slice(7, 40), bytes.slice(40, 41), bytes.slice(41)];
    expect(await collect(chunks)).toEqual([
      { event: 'status', data: '{"progress":20}' },
      { event: 'status', data: '{"progress":40}' },
      { event: 'deleted', data: '{}' },
    ]);
  });

  it('joins multi-line data, accepts CRLF, defaults the event name, and drops an unterminated block', async () => {
    expect(await collect(['data: a\r\ndata: b\r\n\r\n', 'event: x\ndata: half'])).toEqual([
      { event: 'message', data: 'a\nb' },
    ]);
  });

  it('keeps a multi-byte character split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: café\n\n');
    expect(await collect([bytes.slice(0, 10), bytes.slice(10)])).toEqual([
      { event: 'message', data: 'café' },
    ]);
  });
});
