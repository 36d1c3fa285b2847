import { z } from 'zod';

// Query schemas of the list and catalogue use cases (spec §3.4, §3.6): the HTTP routes and the MCP tools parse
// with them, and the OpenAPI document is drawn from them.

export const ListQuery = z.object({
  page: z.coerce.number().int('must be a whole number').min(1, 'must be ≥ 1').default(1),
  limit: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1–100')
    .max(100, 'must be 1–100')
    .default(20),
  status: z.enum(['queued', 'processing', 'completed', 'failed', 'cancelled']).optional(),
  sortBy: z.enum(['createdAt', 'updatedAt']).default('createdAt'),
  sortOrder: z.enum(['desc', 'asc']).default('desc'),
});

export const CatalogueQuery = z.object({
  page: z.coerce.number().int().min(1, 'must be ≥ 1').default(1),
  limit: z.coerce.number().int().min(1, 'must be 1–100').max(100, 'must be 1–100').default(20),
});
