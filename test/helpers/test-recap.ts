import path from 'node:path';

// The recap printed after both test tiers (scripts/test-recap.ts): every test that failed, with the first lines of
// why, from vitest's JSON reports.

interface AssertionResult {
  fullName: string;
  status: string;
  failureMessages: string[];
}

interface FileResult {
  name: string;
  status: string;
  message: string;
  assertionResults: AssertionResult[];
}

export interface Report {
  success: boolean;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: FileResult[];
}

/** Lines of a failure message kept in the recap. */
const MESSAGE_LINES = 6;

const firstLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.trim())
    .slice(0, MESSAGE_LINES)
    .map((line) => `      ${line.trim()}`)
    .join('\n');

/** The recap of one tier's report: its counts, then each failed file and test with the start of its message. */
export function recapOf(tier: string, report: Report, root = process.cwd()): string[] {
  const lines = [
    `${tier}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`,
  ];
  for (const file of report.testResults) {
    const name = path.relative(root, file.name);
    const failed = file.assertionResults.filter((test) => test.status === 'failed');
    if (file.status === 'failed' && failed.length === 0 && file.message)
      lines.push(`  ✗ ${name}\n${firstLines(file.message)}`);
    for (const test of failed)
      lines.push(`  ✗ ${name} › ${test.fullName}\n${firstLines(test.failureMessages.join('\n'))}`);
  }
  if (!report.success && report.numFailedTests === 0 && lines.length === 1)
    lines.push('  the runner failed outside any test: see its "Unhandled Errors" above');
  return lines;
}
