// A minimal client for OpenAI-compatible chat completions (OpenAI, Ollama, vLLM, llama.cpp server).

export interface ChatConfig {
  baseUrl: string;
  apiKey?: string;
  model: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export async function chatJson(
  config: ChatConfig,
  messages: ChatMessage[],
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<string> {
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 60_000), options.signal].filter(
    (s): s is AbortSignal => s !== undefined,
  );
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
      response_format: { type: 'json_object' },
    }),
    signal: AbortSignal.any(signals),
  });
  if (!response.ok) throw new Error(`chat endpoint answered HTTP ${response.status}`);
  const body = (await response.json()) as { choices?: Array<{ message?: { content?: string } }> };
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new Error('chat endpoint answered without message content');
  return content;
}
