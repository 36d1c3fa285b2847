import { CancelledError } from '../domain/errors.ts';

// How a one-shot command (`clip`, `rerender`) runs: its arguments read, its work done, its result printed, and
// every way it can end turned into a message on stderr and an exit code (2 usage, 130 cancelled, 1 failed).

/** Wrong arguments: the message says which, and the command exits with 2. */
export class UsageError extends Error {}

type ErrorClass = abstract new (...args: never[]) => Error;

export interface CliCommand<Invocation extends { json: boolean }, Result> {
  usage: string;
  /** reads the arguments; throws (any error) when they are wrong, and the usage is printed after the reason */
  parse(argv: string[]): Invocation;
  run(invocation: Invocation): Promise<Result>;
  /** the result for a person (without --json) */
  summary(invocation: Invocation, result: Result): string;
  /** failures whose message says it all; any other error is unexpected and its stack is printed too */
  expected: readonly ErrorClass[];
}

export async function runCliCommand<Invocation extends { json: boolean }, Result>(
  command: CliCommand<Invocation, Result>,
  argv: string[],
): Promise<number> {
  let invocation: Invocation;
  try {
    invocation = command.parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${command.usage}\n`);
    return 2;
  }
  try {
    const result = await command.run(invocation);
    process.stdout.write(
      `${invocation.json ? JSON.stringify(result, null, 2) : command.summary(invocation, result)}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof CancelledError) {
      process.stderr.write('Cancelled.\n');
      return 130;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    const expected = command.expected.some((kind) => error instanceof kind);
    process.stderr.write(`Failed: ${expected ? '' : 'Unexpected error: '}${(error as Error).message}\n`);
    if (!expected) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 1;
  }
}
