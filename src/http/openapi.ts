import { z } from 'zod';
import { CreateBody } from '../service/create-options.ts';
import { CatalogueQuery, ListQuery } from '../service/queries.ts';
import { RerenderBody } from '../service/rerender-options.ts';
import { ShortResponse } from './schemas.ts';

// The OpenAPI 3.1 description, generated from the same zod schemas that validate requests.

const ErrorEnvelope = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: ['object', 'null'] },
      },
      required: ['code', 'message', 'details'],
    },
  },
  required: ['error'],
};

function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input') {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function queryParameters(schema: z.ZodType) {
  const json = schemaOf(schema) as { properties?: Record<string, unknown> };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: false,
    schema: property,
  }));
}

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[0-9a-fA-F]{24}$' },
};
const ok = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});
/** A response whose envelope's `data` is `data`. */
const dataResponse = (description: string, data: Record<string, unknown>) => ({
  description,
  content: { 'application/json': { schema: { type: 'object', properties: { data } } } },
});
/** A required JSON body of one of the document's schemas. */
const jsonBody = (schema: string) => ({
  required: true,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } },
});
const errors = Object.fromEntries(
  [400, 401, 403, 404, 409, 413, 429, 500].map((status) => [
    status,
    { description: 'Error', content: { 'application/json': { schema: ErrorEnvelope } } },
  ]),
);

export function buildOpenApiDocument() {
  const secured = [{ apiKey: [] }, { bearer: [] }];
  const op = (
    summary: string,
    extra: Record<string, unknown> = {},
    success: Record<string, unknown> = { 200: ok(summary) },
  ) => ({
    summary,
    security: secured,
    responses: { ...success, ...errors },
    ...extra,
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'ClipForge API',
      version: '1.0.0',
      description: 'Self-hosted, Ssemble-compatible AI clipping API.',
    },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        CreateRequest: schemaOf(CreateBody),
        RerenderRequest: schemaOf(RerenderBody),
        Short: schemaOf(ShortResponse, 'output'),
        Error: ErrorEnvelope,
      },
    },
    paths: {
      '/shorts/create': {
        post: op(
          'Submit a clipping request',
          {
            parameters: [
              { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } },
            ],
            requestBody: jsonBody('CreateRequest'),
          },
          { 201: ok('Request queued') },
        ),
      },
      '/shorts/{id}/status': { get: op('Lightweight progress', { parameters: [idParameter] }) },
      '/shorts/{id}': {
        get: op(
          'Full request with sentences and shorts',
          { parameters: [idParameter] },
          {
            200: dataResponse('The request', {
              type: 'object',
              properties: { shorts: { type: 'array', items: { $ref: '#/components/schemas/Short' } } },
            }),
          },
        ),
        delete: op('Cancel if running, then delete everything', { parameters: [idParameter] }),
      },
      '/shorts/{id}/shorts/{shortId}/render': {
        post: op(
          'ext: render a finished short again with new bounds, template, layout, words or tightened pauses (no credit)',
          {
            parameters: [idParameter, { ...idParameter, name: 'shortId' }],
            requestBody: jsonBody('RerenderRequest'),
          },
          {
            202: dataResponse(
              'Queued: the short as served until the new rendering replaces it, and where its bounds snapped',
              {
                allOf: [
                  { $ref: '#/components/schemas/Short' },
                  {
                    type: 'object',
                    properties: {
                      snapped: {
                        type: 'object',
                        properties: { start: { type: 'number' }, end: { type: 'number' } },
                      },
                    },
                  },
                ],
              },
            ),
          },
        ),
      },
      '/shorts/{id}/cancel': { post: op('Cancel, keeping the record', { parameters: [idParameter] }) },
      '/shorts/{id}/events': {
        get: op(
          'Server-Sent Events: a snapshot, then every change until terminal',
          { parameters: [idParameter] },
          {
            200: {
              description: 'text/event-stream',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
          },
        ),
      },
      '/shorts': { get: op('List own requests', { parameters: queryParameters(ListQuery) }) },
      '/templates': { get: op('Caption templates') },
      '/music': { get: op('Music catalogue', { parameters: queryParameters(CatalogueQuery) }) },
      '/game-videos': { get: op('Game video catalogue', { parameters: queryParameters(CatalogueQuery) }) },
      '/meme-hooks': { get: op('Meme hook catalogue', { parameters: queryParameters(CatalogueQuery) }) },
      '/uploads': {
        post: op(
          'Stream a local video up; returns a fileUrl for create',
          {
            requestBody: {
              required: true,
              content: { 'video/*': { schema: { type: 'string', format: 'binary' } } },
            },
          },
          { 201: ok('Uploaded') },
        ),
      },
      '/files/{path}': {
        get: {
          summary: 'Signed, expiring download of a rendered file (Range, ETag)',
          parameters: [
            { name: 'path', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'expires', in: 'query', required: true, schema: { type: 'integer' } },
            { name: 'sig', in: 'query', required: true, schema: { type: 'string' } },
          ],
          responses: {
            200: { description: 'The file' },
            206: { description: 'Part of the file' },
            404: errors[404],
            416: { description: 'Range not satisfiable' },
          },
        },
      },
      '/account': { get: op('Email, credits, limits, usage') },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: ok('OpenAPI document') } } },
      '/docs': {
        get: { summary: 'Browsable documentation', responses: { 200: { description: 'HTML page' } } },
      },
      '/healthz': {
        get: { summary: 'Liveness and readiness', responses: { 200: ok('Healthy'), 503: ok('Unavailable') } },
      },
      '/metrics': {
        get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text/plain' } } },
      },
    },
  };
}

export const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ClipForge API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:920px;margin:2rem auto;padding:0 1rem;color:#1d2330}
h1{margin-bottom:0}code,pre{background:#f3f4f7;border-radius:4px;padding:2px 5px}pre{padding:10px;overflow:auto}
.op{border:1px solid #dde1ea;border-radius:8px;margin:10px 0;padding:8px 12px}.m{font-weight:700;text-transform:uppercase;margin-right:8px}
.get{color:#0a7d3b}.post{color:#1c5fd1}.delete{color:#c0362c}</style></head>
<body><h1>ClipForge API</h1><p>Send your key in <code>X-API-Key</code>. Machine-readable spec: <a href="openapi.json">openapi.json</a>.</p>
<div id="ops">Loading…</div>
<script>
fetch('openapi.json').then(r=>r.json()).then(doc=>{
  const root=document.getElementById('ops');root.textContent='';
  for(const [path,item] of Object.entries(doc.paths)){for(const [method,op] of Object.entries(item)){
    const div=document.createElement('div');div.className='op';
    const head=document.createElement('div');const m=document.createElement('span');m.className='m '+method;m.textContent=method;
    const p=document.createElement('code');p.textContent='/api/v1'+path;head.append(m,p);
    const s=document.createElement('p');s.textContent=op.summary||'';div.append(head,s);
    if(op.parameters&&op.parameters.length){const ul=document.createElement('ul');for(const prm of op.parameters){const li=document.createElement('li');li.textContent=prm.name+' ('+prm.in+')'+(prm.required?' required':'');ul.append(li)}div.append(ul)}
    const body=op.requestBody&&op.requestBody.content['application/json'];
    if(body){const pre=document.createElement('pre');pre.textContent=JSON.stringify(doc.components.schemas[body.schema.$ref.split('/').pop()],null,2);div.append(pre)}
    root.append(div)}}});
</script></body></html>
`;
