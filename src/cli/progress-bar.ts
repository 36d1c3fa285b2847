import { STEP_MESSAGES, type WorkingStep } from '../domain/steps.ts';

// A one-line progress display: redrawn in place on a terminal, one line per step or per 10 % otherwise.

export function renderProgressLine(step: WorkingStep, percent: number, width = 30): string {
  const clamped = Math.max(0, Math.min(100, Math.round(percent)));
  const filled = Math.round((clamped / 100) * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  return `${bar} ${String(clamped).padStart(3)}%  ${step.padEnd(18)} ${STEP_MESSAGES[step]}`;
}

export interface ProgressDisplay {
  update(step: WorkingStep, percent: number): void;
  finish(): void;
}

export function createProgressDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  let lastStep: WorkingStep | undefined;
  let lastDecile = -1;
  let drawn = false;
  return {
    update(step, percent) {
      const line = renderProgressLine(step, percent);
      if (stream.isTTY) {
        stream.write(`\r${line}`);
        drawn = true;
        return;
      }
      const decile = Math.floor(percent / 10);
      if (step !== lastStep || decile !== lastDecile) stream.write(`${line}\n`);
      lastStep = step;
      lastDecile = decile;
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** A download's line: a bar and a percentage when the size is known, the megabytes so far otherwise. */
export function renderDownloadLine(
  label: string,
  received: number,
  total: number | undefined,
  width = 30,
): string {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  if (!total) return `${label}  ${mb(received)} MB`;
  const share = Math.min(1, received / total);
  const filled = Math.round(share * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${String(Math.floor(share * 100)).padStart(3)}%  ${label}  ${mb(received)}/${mb(total)} MB`;
}

/** A download's progress on `stream`: redrawn in place on a terminal, one line per 10 % otherwise. */
export function createDownloadProgress(
  stream: NodeJS.WriteStream,
  label: string,
): { update(received: number, total: number | undefined): void; finish(): void } {
  let lastDecile = -1;
  let drawn = false;
  return {
    update(received, total) {
      const line = renderDownloadLine(label, received, total);
      if (stream.isTTY) {
        stream.write(`\r${line}`);
        drawn = true;
        return;
      }
      const decile = total ? Math.floor((received / total) * 10) : Math.floor(received / 2 ** 27);
      if (decile !== lastDecile) stream.write(`${line}\n`);
      lastDecile = decile;
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
