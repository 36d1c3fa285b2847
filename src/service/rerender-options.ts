import { z } from 'zod';
import { shortLookFields } from './create-options.ts';

// The body of POST /shorts/:id/shorts/:shortId/render (spec §11): the fields to change, at least one. Unknown
// fields are refused by name, so a misspelt field is never a silent no-op.

const seconds = z.number({ error: 'must be a number of seconds' }).min(0, 'must be ≥ 0');

export const MAX_CAPTION_EDITS = 1000;

export const RerenderBody = z
  .strictObject(
    {
      start: seconds.optional(),
      end: seconds.optional(),
      ...shortLookFields,
      title: z
        .string({ error: 'must be a string' })
        .trim()
        .min(1, 'must not be empty')
        .max(200, 'must be at most 200 characters')
        .optional(),
      captionEdits: z
        .array(
          z.strictObject({
            word: z
              .number({ error: 'must be the index of a word of the short' })
              .int('must be a whole number')
              .min(0, 'must be ≥ 0'),
            text: z
              .string({ error: 'must be a string' })
              .trim()
              .min(1, 'must not be empty')
              .max(100, 'must be at most 100 characters'),
          }),
          { error: 'must be a list of { word, text }' },
        )
        .max(MAX_CAPTION_EDITS, `must have at most ${MAX_CAPTION_EDITS} edits`)
        .optional(),
    },
    { error: 'must be a JSON object' },
  )
  .superRefine((body, ctx) => {
    if (Object.keys(body).length === 0)
      ctx.addIssue({ code: 'custom', path: [], message: 'give at least one field to change' });
    if (body.start !== undefined && body.end !== undefined && body.end <= body.start)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be greater than start' });
  });

export type RerenderBody = z.infer<typeof RerenderBody>;
