// Which form field an API error belongs beside, from its code and the fields its details name.

export interface ApiErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown> | null;
}

const SOURCE_CODES = new Set(['invalid_youtube_url', 'url_validation_failed', 'video_too_long']);
const KEY_CODES = new Set(['invalid_api_key', 'missing_api_key']);

/** Messages by field name; `form` holds what belongs to no one field. `source` is the field the source came from. */
export function fieldErrors(error: ApiErrorBody, source: string): Record<string, string> {
  if (SOURCE_CODES.has(error.code)) return { [source]: error.message };
  if (KEY_CODES.has(error.code)) return { key: error.message };
  const fields = error.details?.fields;
  if (fields && typeof fields === 'object') {
    const entries = Object.entries(fields as Record<string, unknown>).map(
      ([field, message]) => [field, `${field}: ${String(message)}`] as const,
    );
    if (entries.length > 0) return Object.fromEntries(entries);
  }
  return { form: error.message };
}
