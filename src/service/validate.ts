import type { z } from 'zod';
import { InvalidInputError } from '../domain/errors.ts';

/** `input` checked against `schema`, or an InvalidInputError naming each bad field (`where` for the whole input). */
export function validate<T>(schema: z.ZodType<T>, input: unknown, where: string): T {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw InvalidInputError.fromZod(parsed.error, where);
  return parsed.data;
}
