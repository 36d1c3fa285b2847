import { z } from 'zod';

// Response schemas of the HTTP API, a source of the OpenAPI document. The query schemas (src/service/queries.ts,
// shared with the MCP tools) and the create body's (src/service/create-options.ts, shared with the CLI) live with
// the use cases.

const fileUrl = (what: string) =>
  z.string().nullable().describe(`${what}; null once retention removed the short's files (see expired_at)`);

/** A short as GET /shorts/:id and the completion webhook describe it (spec §3.3). */
export const ShortResponse = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  reason: z.string(),
  viral_score: z.number().int().min(0).max(100),
  video_url: fileUrl('signed download URL of the MP4'),
  startTimestamp: z.number(),
  endTimestamp: z.number(),
  duration: z.number(),
  width: z.number().int(),
  height: z.number().int(),
  sentenceIndexes: z.array(z.number().int()),
  recompiling: z.boolean(),
  error: z.boolean(),
  errorMessage: z.string().nullable(),
  thumbnail_url: fileUrl('signed download URL of the JPEG still'),
  captions: z.object({ srt_url: fileUrl('SRT captions'), vtt_url: fileUrl('WebVTT captions') }),
  sha256: z.string(),
  bytes: z.number().int(),
  expires_at: z.string().nullable().describe('when the file URLs stop working'),
  expired_at: z
    .string()
    .optional()
    .describe('ext: when retention (CLIPFORGE_RETENTION_DAYS) removed the files; present only then'),
});
