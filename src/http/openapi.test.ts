import { describe, expect, it } from 'vitest';
import { expiredShortFields, toShortFields } from '../service/present.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { ShortResponse } from './schemas.ts';

const core = {
  id: 'a'.repeat(24),
  title: 'T',
  description: 'D #x',
  reason: 'R',
  viralScore: 71.6,
  start: 2,
  end: 22,
  duration: 20,
  width: 1080,
  height: 1920,
  sentenceIndexes: [0, 1],
  sha256: '0'.repeat(64),
  bytes: 10,
};

describe('the short response schema', () => {
  it('describes a short with its files and one whose files retention removed', () => {
    const urls = {
      video: 'http://h/v.mp4',
      thumbnail: 'http://h/t.jpg',
      srt: 'http://h/c.srt',
      vtt: 'http://h/c.vtt',
    };
    expect(ShortResponse.parse(toShortFields(core, urls, 0, new Date()))).not.toHaveProperty('expired_at');
    const expired = ShortResponse.parse(expiredShortFields(core, 0, '2026-01-01T00:00:00.000Z'));
    expect(expired).toMatchObject({ video_url: null, expired_at: '2026-01-01T00:00:00.000Z' });
  });

  it('is in the OpenAPI document, with expired_at and nullable file URLs', () => {
    const doc = buildOpenApiDocument() as unknown as {
      components: {
        schemas: { Short: { properties: Record<string, { type?: unknown; anyOf?: unknown[] }> } };
      };
    };
    const { properties } = doc.components.schemas.Short;
    expect(properties).toHaveProperty('expired_at');
    expect(JSON.stringify(properties.video_url)).toContain('null');
  });
});

describe('the re-render endpoint', () => {
  it('is in the OpenAPI document with its body fields', () => {
    const doc = buildOpenApiDocument() as unknown as {
      paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
      components: { schemas: { RerenderRequest: { properties: Record<string, unknown> } } };
    };
    expect(doc.paths['/shorts/{id}/shorts/{shortId}/render'].post?.responses).toHaveProperty('202');
    expect(Object.keys(doc.components.schemas.RerenderRequest.properties).sort()).toEqual(
      [
        'captionEdits',
        'ctaEnabled',
        'ctaText',
        'end',
        'hookTitle',
        'layout',
        'music',
        'musicName',
        'musicVolume',
        'start',
        'templateId',
        'title',
        'trimPauses',
      ].sort(),
    );
  });
});
