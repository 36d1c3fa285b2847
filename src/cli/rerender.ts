import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { InvalidInputError, PipelineError } from '../domain/errors.ts';
import type { Logger } from '../domain/logger.ts';
import { ApiCallError, ClipforgeApi, fetchTransport, type Data } from '../mcp/client.ts';
import { findTemplate } from '../pipeline/captions/templates.ts';
import { Checkpoints } from '../pipeline/checkpoints.ts';
import { readKeptWindow, rerenderShort } from '../pipeline/rerender.ts';
import { RerenderBody } from '../service/rerender-options.ts';
import { mediaTools } from '../media/tools.ts';
import { optionsRefusal } from '../service/create-options.ts';
import { planRerender } from '../service/rerender-plan.ts';
import { validate } from '../service/validate.ts';
import { manifestShort, writeManifest, type ClipManifest, type ManifestShort } from './clip.ts';
import { DEFAULT_API_URL } from './mcp.ts';
import { runCliCommand, UsageError } from './run-command.ts';

// `clipforge rerender`: edit a short and render it again (spec §11), either in a `clip` output directory (its
// manifest.json and kept analysis; no server) or on a served request (through the API, waiting until it is done).

export const RERENDER_USAGE = `Usage: clipforge rerender <requestId|manifest.json> <shortId|N> [options]
  --start <s>          new start, seconds in the source (snapped to the nearest word start)
  --end <s>            new end, seconds in the source (snapped to the nearest word end)
  --template <name|id> caption template
  --layout <layout>    auto | fill | fit | square
  --title <text>       a new title
  --trim-pauses        shorten silences over 0.6 s to 0.25 s and drop sure fillers
  --json               print the short as JSON
A served request uses CLIPFORGE_API_URL (default ${DEFAULT_API_URL}) and CLIPFORGE_API_KEY.`;

const FLAG_OF: Record<string, string> = { templateId: 'template', trimPauses: 'trim-pauses' };

interface Invocation {
  target: string;
  short: string;
  body: RerenderBody;
  json: boolean;
}

function parse(argv: string[]): Invocation {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      start: { type: 'string' },
      end: { type: 'string' },
      template: { type: 'string' },
      layout: { type: 'string' },
      title: { type: 'string' },
      'trim-pauses': { type: 'boolean' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 2)
    throw new UsageError('Give a request id or manifest.json, and a short id or number');
  const number = (flag: 'start' | 'end') => (values[flag] === undefined ? undefined : Number(values[flag]));
  const template = values.template === undefined ? undefined : findTemplate(values.template);
  if (values.template !== undefined && !template)
    throw new UsageError(`--template: unknown template "${values.template}"`);
  try {
    const body = validate(
      RerenderBody,
      Object.fromEntries(
        Object.entries({
          start: number('start'),
          end: number('end'),
          templateId: template?.templateId,
          layout: values.layout,
          title: values.title,
          trimPauses: values['trim-pauses'],
        }).filter(([, value]) => value !== undefined),
      ),
      'options',
    );
    return { target: positionals[0], short: positionals[1], body, json: values.json ?? false };
  } catch (error) {
    if (!(error instanceof InvalidInputError) || !error.fields) throw error;
    throw new UsageError(
      Object.entries(error.fields)
        .map(([field, reason]) =>
          field === 'options'
            ? `give at least one option to change`
            : `--${FLAG_OF[field] ?? field} ${reason}`,
        )
        .join('; '),
    );
  }
}

/** The short a command-line names: by id, or by its number in the list (1 = the best). */
function pick<T extends { id: string }>(shorts: readonly T[], named: string): T {
  const number = /^\d+$/.test(named) ? Number(named) : undefined;
  const found =
    number !== undefined ? shorts[number - 1] : shorts.find((short) => short.id === named.toLowerCase());
  if (!found) throw new UsageError(`No short "${named}": give its id or a number from 1 to ${shorts.length}`);
  return found;
}

const stderrLog: Logger = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
};

/** Re-renders a short of a `clip` output directory in place: new files, the old ones removed, the manifest updated. */
async function rerenderInManifest(invocation: Invocation): Promise<ManifestShort> {
  const manifestPath = path.resolve(invocation.target);
  const dir = path.dirname(manifestPath);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as ClipManifest;
  if (!manifest.analysis)
    throw new PipelineError('This manifest was made before shorts could be rendered again; run clip again');
  const workDir = path.resolve(dir, manifest.analysis.workDir);
  const kept = await readKeptWindow(new Checkpoints(workDir));
  if (!kept) throw new PipelineError(`The analysis kept in ${workDir} is missing; run clip again`);
  const short = pick(manifest.shorts, invocation.short);
  const rank = manifest.shorts.indexOf(short);
  const windowStart = manifest.window.start;
  const plan = planRerender(
    invocation.body,
    {
      id: short.id,
      rank,
      start: short.startTimestamp - windowStart,
      end: short.endTimestamp - windowStart,
      sentenceIndexes: short.sentenceIndexes,
      title: short.title,
      description: short.description,
      reason: short.reason,
      viralScore: short.viral_score,
      look: short.look,
      captionEdits: short.captionEdits,
    },
    manifest.window,
    manifest.analysis.options,
    kept,
  );
  const config = loadConfig({});
  const refusal = await optionsRefusal(plan.input.options, config, mediaTools(config));
  if (refusal) throw InvalidInputError.of(refusal.field, refusal.message);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    const rendered = await rerenderShort(plan.input, manifest.analysis.options, {
      workDir,
      outDir: dir,
      config,
      log: stderrLog,
      signal: controller.signal,
      onProgress: () => undefined,
    });
    const updated: ManifestShort = {
      ...manifestShort(rendered, windowStart),
      look: plan.look,
      captionEdits: plan.input.captionEdits,
    };
    manifest.shorts[rank] = updated;
    await writeManifest(dir, manifest);
    const old = [
      short.video_url,
      short.thumbnail_url,
      short.captions.srt_url,
      short.captions.vtt_url,
      short.video_url.replace(/\.mp4$/, '.ass'),
    ];
    await Promise.all(old.map((url) => rm(fileURLToPath(url), { force: true })));
    return updated;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

/** Re-renders a short of a served request and waits until its new files are in place. */
async function rerenderServed(invocation: Invocation): Promise<Data> {
  const api = new ClipforgeApi(
    fetchTransport(
      process.env.CLIPFORGE_API_URL?.trim() || DEFAULT_API_URL,
      process.env.CLIPFORGE_API_KEY?.trim(),
    ),
  );
  const shortsOf = async () =>
    ((await api.getShorts(invocation.target)).shorts ?? []) as Data[] as ({ id: string } & Data)[];
  const short = pick(await shortsOf(), invocation.short);
  await api.rerenderShort(invocation.target, short.id, invocation.body);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = (await shortsOf()).find((candidate) => candidate.id === short.id);
    if (!now) throw new PipelineError('The request was deleted while its short was rendering');
    if (!now.recompiling) return now;
  }
}

export function rerenderCommand(argv: string[]): Promise<number> {
  return runCliCommand(
    {
      usage: RERENDER_USAGE,
      parse,
      run: async (invocation): Promise<Data | ManifestShort> =>
        /^[0-9a-f]{24}$/i.test(invocation.target)
          ? rerenderServed(invocation)
          : rerenderInManifest(invocation),
      summary: (_invocation, short) =>
        `Short ${short.id}: ${short.startTimestamp}–${short.endTimestamp} s, ${short.duration} s, ${short.video_url}`,
      expected: [InvalidInputError, PipelineError, ApiCallError],
    },
    argv,
  );
}
