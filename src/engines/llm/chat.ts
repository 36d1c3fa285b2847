// A minimal client for OpenAI-compatible chat completions (OpenAI, Ollama, vLLM, llama.cpp server).

import { timeoutSignal } from '../../net/timeout-signal.ts';

export interface ChatConfig {
  baseUrl: string;
  apiKey?: string;
  model: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** OpenAI's `response_format`: any JSON object, or JSON that follows the given schema (structured outputs). */
export type ChatResponseFormat =
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } };

/** Structured outputs: the answer must follow `schema` (a JSON Schema with every property required). */
export function jsonSchemaFormat(name: string, schema: Record<string, unknown>): ChatResponseFormat {
  return { type: 'json_schema', json_schema: { name, strict: true, schema } };
}

/**
 * The assistant's content (a JSON string, unparsed). Throws on HTTP errors, a timeout (`timeoutMs`, default 60 s,
 * covering the whole exchange), a refusal, an answer cut off at the token limit, or a body without content; an
 * abort of `signal` rejects with the signal's reason.
 */
export async function chatJson(
  config: ChatConfig,
  messages: ChatMessage[],
  options: { signal?: AbortSignal; timeoutMs?: number; responseFormat?: ChatResponseFormat } = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timeout = timeoutSignal(timeoutMs);
  const signals = [timeout, options.signal].filter((s): s is AbortSignal => s !== undefined);
  try {
    const response = await fetch(`${config.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(config.apiKey ? { Authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: config.model,
        messages,
        temperature: 0.2,
        response_format: options.responseFormat ?? { type: 'json_object' },
      }),
      signal: AbortSignal.any(signals),
    });
    if (!response.ok) throw new Error(`chat endpoint answered HTTP ${response.status}`);
    const body = (await response.json()) as {
      choices?: Array<{
        message?: { content?: string | null; refusal?: string | null };
        finish_reason?: string;
      }>;
    };
    const choice = body.choices?.[0];
    if (typeof choice?.message?.refusal === 'string' && choice.message.refusal) {
      throw new Error(`the model refused: ${choice.message.refusal.slice(0, 200)}`);
    }
    if (choice?.finish_reason === 'length') throw new Error('the answer was cut off at the token limit');
    const content = choice?.message?.content;
    if (typeof content !== 'string') throw new Error('chat endpoint answered without message content');
    return content;
  } catch (error) {
    // the caller's abort keeps its own reason; our own deadline says so in words
    if (options.signal?.aborted) throw error;
    if (timeout.aborted)
      throw new Error(`chat endpoint did not answer within ${timeoutMs} ms`, { cause: error });
    throw error;
  }
}
