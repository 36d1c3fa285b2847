import type { Logger } from '../domain/logger.ts';
import type { ServiceContext } from '../service/context.ts';
import { removeShortFiles } from '../service/request-files.ts';
import { RequestsRepository, type StoredShort } from '../store/requests.ts';
import { ShortRendersRepository, type ShortRender } from '../store/short-renders.ts';
import type { JobOutcome, StopReason } from './messages.ts';
import { enqueueRerenderedWebhook } from '../service/queued-webhooks.ts';

// How a re-render ends. Done: in one transaction the short's record swaps to the new files (URLs, sha256, bytes,
// duration, bounds), the re-render is marked done and its webhook queued; then the old files go. Otherwise the
// short keeps its files, and the re-render is failed, handed back, or dropped with its request.

const MAX_ATTEMPTS = 3;

/** A short's files: those it serves, and the captions its video was burned with (named like its video). */
const filesOf = (short: StoredShort) => [
  short.video,
  short.thumbnail,
  short.srt,
  short.vtt,
  short.video.replace(/\.mp4$/, '.ass'),
];

export async function settleRerender(
  ctx: ServiceContext,
  owner: string,
  render: ShortRender,
  outcome: JobOutcome,
  stopReason: StopReason | undefined,
  log: Logger,
): Promise<void> {
  if (stopReason === 'lost') return;
  if (outcome.kind === 'rerendered') {
    const short = { ...outcome.short, look: render.job.look, captionEdits: render.job.input.captionEdits };
    const replaced = await ctx.db.transaction(async (tx) => {
      if (!(await new ShortRendersRepository(tx).finish(render.id, owner, { status: 'completed' })))
        return undefined;
      const swapped = await new RequestsRepository(tx).replaceShort(render.requestId, short);
      if (swapped) await enqueueRerenderedWebhook(ctx, swapped.request, short, tx);
      return swapped?.replaced;
    });
    // the old files once the new ones are served; the new ones when nobody wants them any more
    await removeShortFiles(ctx, filesOf(replaced ?? short));
    return;
  }
  const repository = ctx.shortRenders;
  if (stopReason === 'cancelled') return; // its request was cancelled or deleted, which removes what it made
  if (stopReason === 'shutdown') {
    await repository.release(render.id, owner, { countAttempt: false });
    return;
  }
  const fail = (reason: string) => repository.finish(render.id, owner, { status: 'failed', reason });
  if (stopReason === 'timeout') {
    await fail(`Processing timeout after ${ctx.config.jobTimeoutMinutes} min`);
    return;
  }
  if (outcome.kind === 'failed') {
    await fail(outcome.reason);
    return;
  }
  const message = outcome.kind === 'crashed' ? outcome.message : 'the job stopped by itself';
  log.warn(`re-render ${render.id} attempt ${render.attempts} failed: ${message}`);
  if (render.attempts < MAX_ATTEMPTS) await repository.release(render.id, owner, { countAttempt: true });
  else
    await fail(
      `Rendering failed ${render.attempts} times because of an internal error; the server log has the details`,
    );
}
