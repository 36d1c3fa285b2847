import { STEP_MESSAGES, type WorkingStep } from '../pipeline/types.ts';

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
