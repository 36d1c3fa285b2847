import { descendantsOf, liveProcesses } from '../bench/process-tree-rss.ts';
import { mediaTools } from '../media/tools.ts';
import { CatalogueFiles } from '../service/catalogue-files.ts';
import type { FromCatalogueProcess, ToCatalogueProcess } from './messages.ts';

// The catalogue process: started by `serve` (see catalogue-maker.ts), it makes the template previews and the
// built-in assets once, reports, and exits. Jobs come first: while `serve` says a job is running, it starts no
// new file, and the tools at work on the file in flight are stopped (SIGSTOP) until the job is over. When
// `serve` closes the channel (it is shutting down, or gone), the tool at work is stopped, its partial file
// removed, and this exits.

const stop = new AbortController();
let making: Promise<unknown> | undefined;
let paused = false;
let waiting: Array<() => void> = [];

/** How often the tools are looked for again while paused (one may have started just as the pause came). */
const STOP_SWEEP_MS = 1000;
let sweeper: ReturnType<typeof setInterval> | undefined;

/**
 * Sends `signal` to every process below this one (Linux /proc): the tools making the file in flight, not tsx's
 * compiler service. A stop found to be stale (resumed meanwhile) is not sent.
 */
async function signalTools(signal: 'SIGSTOP' | 'SIGCONT'): Promise<void> {
  const stats = await liveProcesses().catch(() => []);
  if (signal === 'SIGSTOP' && !paused) return;
  for (const { pid, name } of descendantsOf(stats, process.pid)) {
    if (name === 'esbuild') continue;
    try {
      process.kill(pid, signal);
    } catch {
      // gone meanwhile
    }
  }
}

function pause(): void {
  if (paused) return;
  paused = true;
  void signalTools('SIGSTOP');
  sweeper = setInterval(() => void signalTools('SIGSTOP'), STOP_SWEEP_MS);
}

async function resume(): Promise<void> {
  paused = false;
  clearInterval(sweeper);
  await signalTools('SIGCONT');
  release();
}

const release = () => {
  for (const resume of waiting) resume();
  waiting = [];
};

/** Resolves once no job is running (or at once when stopping, so the maker sees the abort). */
const noJobRunning = () =>
  paused && !stop.signal.aborted ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve();

const report = (message: FromCatalogueProcess) => {
  if (process.connected) process.send?.(message, () => process.disconnect());
};

process.on('message', (message: ToCatalogueProcess) => {
  if (message.type === 'pause') pause();
  if (message.type === 'resume') void resume();
  if (message.type !== 'make' || making) return;
  const files = new CatalogueFiles(message.config, mediaTools(message.config), message.filesDir);
  making = files.makeHere(stop.signal, noJobRunning).then(
    ({ assetsMade }) => report({ type: 'made', assetsMade }),
    (error: unknown) =>
      report({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});

process.on('disconnect', () => {
  // stopped tools are continued first, so the abort's signal reaches them and they tidy up
  void resume().finally(() => {
    stop.abort();
    release();
    void (making ?? Promise.resolve()).finally(() => process.exit(0));
  });
});
// Ctrl-C reaches the whole foreground process group; `serve` decides, and closes the channel
process.on('SIGINT', () => undefined);
