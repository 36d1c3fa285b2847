import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { CatalogueQuery, ListQuery } from '../service/queries.ts';
import { CreateBody } from '../service/create-options.ts';
import { MAX_WINDOW_SECONDS } from '../domain/options.ts';
import { RerenderBody } from '../service/rerender-options.ts';
import { timeoutSignal } from '../net/timeout-signal.ts';
import { VERSION } from '../package-files.ts';
import {
  ApiCallError,
  ApiUnreachableError,
  TERMINAL,
  type ClipforgeApi,
  type Data,
  type Status,
} from './client.ts';
import {
  formatCatalogue,
  formatCreated,
  formatError,
  formatRequests,
  formatRerendering,
  formatShorts,
  formatStatus,
  formatTemplates,
  formatUpload,
  formatWaited,
  type CatalogueKind,
} from './format.ts';

// ClipForge's MCP tools: the reference service's nine (same names and arguments), plus cancel_request,
// upload_file and wait_for_completion. Every tool is one or more API calls through a ClipforgeApi, so an MCP
// answer is exactly what the API answers, errors included (as tool errors carrying the API's code).

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface McpServerOptions {
  /** upload_file reads the caller's disk, so only a server running beside the caller (stdio) offers it */
  uploads: boolean;
}

/** Descriptions for the create options, field by field (the fields themselves are the API's CreateBody). */
const CREATE_DESCRIPTIONS: Record<keyof typeof CreateBody.shape, string> = {
  url: 'YouTube video URL (not a /shorts/ URL); give exactly one of url or fileUrl',
  fileUrl: 'direct http(s) link to a video file, or the fileUrl that upload_file returned',
  start: 'window start in seconds (≥ 0)',
  end: `window end in seconds; 1 ≤ end − start ≤ ${MAX_WINDOW_SECONDS}`,
  preferredLength: 'length band of each short',
  language: 'spoken language (ISO 639-1)',
  captionLanguage: 'caption language when it differs from the spoken one',
  templateId: 'caption template id from list_templates (default Karaoke)',
  noClipping: 'make the whole window one short instead of choosing highlights',
  hookTitle: 'animated title over the first seconds',
  memeHook: 'prepend a 2–5 s meme clip',
  memeHookName: 'exact, case-sensitive name from list_meme_hooks (default: random)',
  gameVideo: 'split screen: the talk on top, gameplay below',
  gameVideoName: 'exact, case-sensitive name from list_game_videos (default: random)',
  ctaEnabled: 'show a call-to-action over the last seconds',
  ctaText: 'the call-to-action text (≤ 200 characters), required with ctaEnabled',
  music: 'background music ducked under the speech',
  musicName: 'exact, case-sensitive name from list_music (default: random)',
  musicVolume: 'music volume 0–100 (default 10)',
  layout: 'auto follows the speaker; fill crops the centre; fit shows the whole frame; square is 1:1',
  trimPauses: 'shorten silences over 0.6 s to 0.25 s and drop sure fillers ("um", "uh", "you know")',
  webhookUrl: 'URL called when the request completes or fails',
};

/** Descriptions of the re-render fields (the fields themselves are the API's RerenderBody). */
const RERENDER_DESCRIPTIONS: Record<keyof typeof RerenderBody.shape, string> = {
  start:
    "new start in seconds of the source, inside the request's window (snapped to the nearest word start)",
  end: "new end in seconds of the source, inside the request's window (snapped to the nearest word end)",
  templateId: CREATE_DESCRIPTIONS.templateId,
  layout: CREATE_DESCRIPTIONS.layout,
  hookTitle: CREATE_DESCRIPTIONS.hookTitle,
  title: 'a new title for the short (shown by hookTitle)',
  ctaEnabled: CREATE_DESCRIPTIONS.ctaEnabled,
  ctaText: CREATE_DESCRIPTIONS.ctaText,
  music: CREATE_DESCRIPTIONS.music,
  musicName: CREATE_DESCRIPTIONS.musicName,
  musicVolume: CREATE_DESCRIPTIONS.musicVolume,
  trimPauses: CREATE_DESCRIPTIONS.trimPauses,
  captionEdits: 'corrected caption words: [{ word: index of the word in the short (0 = its first), text }]',
};

const LIST_DESCRIPTIONS: Record<keyof typeof ListQuery.shape, string> = {
  page: 'page number (default 1)',
  limit: 'requests per page, 1–100 (default 20)',
  status: 'only requests with this status',
  sortBy: 'sort field (default createdAt)',
  sortOrder: 'sort direction (default desc)',
};

const CATALOGUE_DESCRIPTIONS: Record<keyof typeof CatalogueQuery.shape, string> = {
  page: 'page number (default 1)',
  limit: 'items per page, 1–100 (default 20)',
};

function described<Shape extends Record<string, z.ZodType>>(
  shape: Shape,
  descriptions: Record<keyof Shape, string>,
): Shape {
  return Object.fromEntries(
    Object.entries(shape).map(([name, schema]) => [name, schema.describe(descriptions[name as keyof Shape])]),
  ) as Shape;
}

const requestId = z.string().describe('the requestId that create_short returned');

export const WAIT_DEFAULT_SECONDS = 600;

const INSTRUCTIONS = `ClipForge turns long videos into captioned vertical shorts.
Typical flow: create_short (url or fileUrl, start, end, options) → wait_for_completion (or get_status until completed) → get_shorts for the clips' URLs.
Catalogue names (list_music, list_game_videos, list_meme_hooks) and template ids (list_templates) must be passed exactly.
Errors carry the API's code (invalid_request, insufficient_credits, resource_not_found, rate_limit_exceeded, …) and a message saying what to change.`;

/** A tool's success: the readable text, and the API's data as structured content. */
const answer = (text: string, data: Data): CallToolResult => ({
  content: [{ type: 'text', text }],
  structuredContent: data,
});

/** Any failure as a tool error: the API's code and message when the API answered, never a thrown error. */
export function toolError(error: unknown): CallToolResult {
  if (error instanceof ApiCallError) {
    return {
      isError: true,
      content: [{ type: 'text', text: formatError(error) }],
      structuredContent: { error: { code: error.code, message: error.message, details: error.details } },
    };
  }
  const text =
    error instanceof ApiUnreachableError
      ? `The ClipForge API cannot be reached: ${error.message}`
      : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  return { isError: true, content: [{ type: 'text', text }] };
}

function tool<Args>(work: (args: Args, extra: Extra) => Promise<CallToolResult>) {
  return async (args: Args, extra: Extra): Promise<CallToolResult> => {
    try {
      return await work(args, extra);
    } catch (error) {
      return toolError(error);
    }
  };
}

/** How long, past the deadline, a wait may look up a status it has not seen yet (the tool answers without one). */
export const WAIT_STATUS_GRACE_MS = 500;

/** `promise`'s value, or undefined once `signal` aborts: the caller stops waiting even if the work goes on. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  promise.catch(() => undefined); // a rejection after the abort has no one to tell
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Follows the request's event stream until it is terminal or `timeoutSeconds` pass, sending an MCP progress
 * notification whenever its progress rises (when the caller asked for them with a progress token).
 *
 * The deadline is a timer raced against everything the wait awaits (the API's answers, the event stream, the
 * notifications), so a slow API or a stuck client cannot hold the answer: it comes by `timeoutSeconds` with the
 * latest status seen, or, when none came, after at most WAIT_STATUS_GRACE_MS more of one status read (and
 * without a status if that read does not answer either).
 */
export async function waitForCompletion(
  api: ClipforgeApi,
  id: string,
  timeoutSeconds: number,
  extra: Pick<Extra, 'signal' | 'sendNotification' | '_meta'>,
): Promise<{ status: Status | undefined; timedOut: boolean }> {
  const signal = AbortSignal.any([timeoutSignal(timeoutSeconds * 1000), extra.signal]);
  const progressToken = extra._meta?.progressToken;
  let last: Status | undefined;
  let reported = -1;
  const follow = async (): Promise<{ status: Status; timedOut: false } | undefined> => {
    try {
      while (!signal.aborted) {
        for await (const event of api.statusEvents(id, signal)) {
          if (signal.aborted) return undefined;
          if (event === 'deleted')
            throw new ApiCallError('resource_not_found', 'The request was deleted while waiting');
          last = event;
          if (progressToken !== undefined && event.progress > reported) {
            reported = event.progress;
            await extra.sendNotification({
              method: 'notifications/progress',
              params: { progressToken, progress: event.progress, total: 100, message: event.stepMessage },
            });
          }
          if (TERMINAL.includes(event.status)) return { status: event, timedOut: false };
        }
        // the stream ended before the request did (the server restarted it): follow it again
        await delay(1000, undefined, { signal });
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    }
    return undefined;
  };
  const done = await unlessAborted(follow(), signal);
  if (done) return done;
  if (last) return { status: last, timedOut: true };
  const grace = AbortSignal.any([timeoutSignal(WAIT_STATUS_GRACE_MS), extra.signal]);
  const status = await unlessAborted(api.getStatus(id, grace), grace).catch(() => undefined);
  return { status: last ?? status, timedOut: true };
}

export function createMcpServer(api: ClipforgeApi, options: McpServerOptions): McpServer {
  const server = new McpServer({ name: 'clipforge', version: VERSION }, { instructions: INSTRUCTIONS });
  const readOnly = { readOnlyHint: true, openWorldHint: false };

  server.registerTool(
    'create_short',
    {
      title: 'Create shorts',
      description:
        'Create captioned vertical shorts from a YouTube video (url) or a video file (fileUrl) between start and end seconds. Uses 1 credit and returns a requestId at once; processing takes minutes.',
      inputSchema: described(CreateBody.shape, CREATE_DESCRIPTIONS),
    },
    tool(async (args) => {
      const data = await api.createShort(args);
      return answer(formatCreated(data), data);
    }),
  );

  server.registerTool(
    'get_status',
    {
      title: 'Get status',
      description:
        'Processing status of a request: status, step, progress (0–100), and failureReason when it failed.',
      inputSchema: { requestId },
      annotations: readOnly,
    },
    tool(async (args: { requestId: string }) => {
      const status = await api.getStatus(args.requestId);
      return answer(formatStatus(status), status);
    }),
  );

  server.registerTool(
    'get_shorts',
    {
      title: 'Get shorts',
      description:
        'The full request: its transcript sentences and its shorts, best first, each with title, social caption, reason, viral score and a signed video URL.',
      inputSchema: { requestId },
      annotations: readOnly,
    },
    tool(async (args: { requestId: string }) => {
      const data = await api.getShorts(args.requestId);
      return answer(formatShorts(data), data);
    }),
  );

  server.registerTool(
    'list_requests',
    {
      title: 'List requests',
      description: 'Your requests, newest first by default, with status filter, sorting and pagination.',
      inputSchema: described(ListQuery.shape, LIST_DESCRIPTIONS),
      annotations: readOnly,
    },
    tool(async (args) => {
      const data = await api.listRequests(args);
      return answer(formatRequests(data), data);
    }),
  );

  server.registerTool(
    'delete_request',
    {
      title: 'Delete request',
      description:
        'Cancel the request if it is running, then delete it with every generated file. Credits are not refunded; this cannot be undone.',
      inputSchema: { requestId },
      annotations: { destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    tool(async (args: { requestId: string }) => {
      const data = await api.deleteRequest(args.requestId);
      return answer(`Request ${args.requestId}: ${data.message}.`, data);
    }),
  );

  server.registerTool(
    'rerender_short',
    {
      title: 'Render a short again',
      description:
        'Edit a finished short and render it again from the kept analysis (no credit): new start/end, template, layout, title, overlays, tightened pauses (trimPauses) or corrected caption words. Answers at once; get_shorts shows recompiling until the new files replace the old.',
      inputSchema: {
        requestId,
        shortId: z.string().describe('the id of the short, from get_shorts'),
        ...described(RerenderBody.shape, RERENDER_DESCRIPTIONS),
      },
    },
    tool(
      async ({
        requestId: id,
        shortId,
        ...body
      }: { requestId: string; shortId: string } & Record<string, unknown>) => {
        const data = await api.rerenderShort(id, shortId, body);
        return answer(formatRerendering(data), data);
      },
    ),
  );

  server.registerTool(
    'cancel_request',
    {
      title: 'Cancel request',
      description:
        'Stop a queued or processing request and keep its record (status cancelled). Credits are not refunded.',
      inputSchema: { requestId },
      annotations: { destructiveHint: true, openWorldHint: false },
    },
    tool(async (args: { requestId: string }) => {
      const status = await api.cancelRequest(args.requestId);
      return answer(formatStatus(status), status);
    }),
  );

  server.registerTool(
    'list_templates',
    {
      title: 'List caption templates',
      description: 'The caption templates; pass a templateId to create_short.',
      inputSchema: {},
      annotations: readOnly,
    },
    tool(async () => {
      const data = await api.listTemplates();
      return answer(formatTemplates(data), data);
    }),
  );

  const catalogues: [string, CatalogueKind, string, string][] = [
    [
      'list_music',
      'music',
      'List music',
      'Background music tracks with their durations; use the exact name as musicName.',
    ],
    [
      'list_game_videos',
      'game-videos',
      'List game videos',
      'Gameplay videos for the split screen (talk on top, gameplay below); use the exact name as gameVideoName.',
    ],
    [
      'list_meme_hooks',
      'meme-hooks',
      'List meme hooks',
      'Meme clips of 2–5 s played before a short; use the exact name as memeHookName.',
    ],
  ];
  for (const [name, kind, title, description] of catalogues) {
    server.registerTool(
      name,
      {
        title,
        description,
        inputSchema: described(CatalogueQuery.shape, CATALOGUE_DESCRIPTIONS),
        annotations: readOnly,
      },
      tool(async (args) => {
        const data = await api.listCatalogue(kind, args);
        return answer(formatCatalogue(kind, data), data);
      }),
    );
  }

  server.registerTool(
    'wait_for_completion',
    {
      title: 'Wait for completion',
      description: `Wait until a request is completed, failed or cancelled (at most timeoutSeconds, default ${WAIT_DEFAULT_SECONDS}), sending progress notifications meanwhile. Returns its final status, or the latest with timedOut: true.`,
      inputSchema: {
        requestId,
        timeoutSeconds: z
          .number()
          .int()
          .min(1)
          .max(3600)
          .default(WAIT_DEFAULT_SECONDS)
          .describe(`how long to wait at most, in seconds (1–3600, default ${WAIT_DEFAULT_SECONDS})`),
      },
      annotations: readOnly,
    },
    tool(async (args: { requestId: string; timeoutSeconds: number }, extra) => {
      const { status, timedOut } = await waitForCompletion(api, args.requestId, args.timeoutSeconds, extra);
      return answer(formatWaited(args.requestId, status, timedOut, args.timeoutSeconds), {
        ...(status ?? { _id: args.requestId }),
        timedOut,
      });
    }),
  );

  if (options.uploads) {
    server.registerTool(
      'upload_file',
      {
        title: 'Upload a video file',
        description:
          'Upload a video file from this computer to ClipForge; returns the fileUrl to pass to create_short. Give an absolute path.',
        inputSchema: { path: z.string().min(1).describe('path of a local video file') },
      },
      tool(async (args: { path: string }) => {
        const file = path.resolve(args.path);
        const data = await api.upload(file);
        return answer(formatUpload(data, file), data);
      }),
    );
  }
  return server;
}
