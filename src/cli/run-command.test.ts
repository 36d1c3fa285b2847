import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CancelledError, PipelineError } from '../domain/errors.ts';
import { runCliCommand, UsageError, type CliCommand } from './run-command.ts';

let out: string;
let err: string;
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

/** A command that doubles its one number, or fails with `failure`. */
const double = (failure?: Error): CliCommand<{ json: boolean; n: number }, { doubled: number }> => ({
  usage: 'Usage: double <n> [--json]',
  parse: (argv) => {
    const n = Number(argv[0]);
    if (!Number.isFinite(n)) throw new Error('Give a number');
    return { json: argv.includes('--json'), n };
  },
  run: async ({ n }) => {
    if (failure) throw failure;
    return { doubled: 2 * n };
  },
  summary: (_invocation, { doubled }) => `doubled: ${doubled}`,
  expected: [PipelineError],
});

describe('runCliCommand', () => {
  it('prints the summary, or the result as JSON, and exits 0', async () => {
    expect(await runCliCommand(double(), ['4'])).toBe(0);
    expect(out).toBe('doubled: 8\n');
    out = '';
    expect(await runCliCommand(double(), ['4', '--json'])).toBe(0);
    expect(JSON.parse(out)).toEqual({ doubled: 8 });
    expect(err).toBe('');
  });

  it('exits 2 with the reason and the usage for wrong arguments, and with the reason for a later UsageError', async () => {
    expect(await runCliCommand(double(), ['x'])).toBe(2);
    expect(err).toBe('Give a number\n\nUsage: double <n> [--json]\n');
    err = '';
    expect(await runCliCommand(double(new UsageError('No such short')), ['1'])).toBe(2);
    expect(err).toBe('No such short\n');
    expect(out).toBe('');
  });

  it('exits 130 when cancelled, and 1 on a failure: an expected one by its message, another with its stack', async () => {
    expect(await runCliCommand(double(new CancelledError()), ['1'])).toBe(130);
    expect(err).toBe('Cancelled.\n');
    err = '';
    expect(await runCliCommand(double(new PipelineError('The source is gone')), ['1'])).toBe(1);
    expect(err).toBe('Failed: The source is gone\n');
    err = '';
    expect(await runCliCommand(double(new TypeError('x is undefined')), ['1'])).toBe(1);
    expect(err).toMatch(/^Failed: Unexpected error: x is undefined\nTypeError: x is undefined\n\s+at /);
  });
});
