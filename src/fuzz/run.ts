import { generateCases, type FuzzCase, type FuzzTarget } from './cases.ts';
import { isEnvelope } from './envelope.ts';
import { sendRaw, type RawOutcome } from './raw-http.ts';

// Sends the generated cases to a running `serve` and counts what a client must never see: a 5xx, an error outside
// the envelope, a request left without an answer, a server that went down.

export interface FuzzOptions {
  port: number;
  target: FuzzTarget;
  count: number;
  seed?: number;
  concurrency?: number;
  /** the run stops sending once this much time has passed */
  timeBudgetMs?: number;
  /** whether the server is still up: its process alive and its health check answering */
  isUp: () => Promise<boolean>;
}

export interface FuzzFinding {
  category: string;
  name: string;
  status?: number;
  problem: string;
  body?: string;
}

export interface FuzzReport {
  sent: number;
  planned: number;
  seconds: number;
  byCategory: Record<string, { sent: number; statuses: Record<string, number> }>;
  serverErrors: number;
  outsideEnvelope: number;
  unanswered: number;
  stayedUp: boolean;
  /** the first findings of each kind, to reproduce them */
  findings: FuzzFinding[];
}

/** What a response says about the server: nothing wrong, or the problem. */
export function judge(fuzzCase: FuzzCase, outcome: RawOutcome): FuzzFinding | undefined {
  const where = { category: fuzzCase.category, name: fuzzCase.name };
  if ('error' in outcome) return { ...where, problem: `no answer: ${outcome.error}` };
  const body = outcome.body.toString('utf8');
  if (outcome.status >= 500)
    return { ...where, status: outcome.status, problem: '5xx', body: body.slice(0, 300) };
  const isHead = fuzzCase.bytes.subarray(0, 5).toString('latin1') === 'HEAD ';
  if (outcome.status >= 400 && !isHead) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    if (!isEnvelope(parsed))
      return { ...where, status: outcome.status, problem: 'outside the envelope', body: body.slice(0, 300) };
  }
  return undefined;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const cases = generateCases(options.target, options.count, options.seed);
  const started = Date.now();
  const deadline = started + (options.timeBudgetMs ?? 600_000);
  const report: FuzzReport = {
    sent: 0,
    planned: cases.length,
    seconds: 0,
    byCategory: {},
    serverErrors: 0,
    outsideEnvelope: 0,
    unanswered: 0,
    stayedUp: true,
    findings: [],
  };
  const shown = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < cases.length && Date.now() < deadline) {
      const fuzzCase = cases[next++];
      const outcome = await sendRaw(options.port, fuzzCase.bytes, { timeoutMs: 15_000 });
      report.sent++;
      const category = (report.byCategory[fuzzCase.category] ??= { sent: 0, statuses: {} });
      category.sent++;
      const status = 'error' in outcome ? 'none' : String(outcome.status);
      category.statuses[status] = (category.statuses[status] ?? 0) + 1;
      const finding = judge(fuzzCase, outcome);
      if (!finding) continue;
      if (finding.problem === '5xx') report.serverErrors++;
      else if (finding.problem === 'outside the envelope') report.outsideEnvelope++;
      else report.unanswered++;
      const kind = finding.problem.split(':')[0];
      if ((shown.get(kind) ?? 0) < 10) {
        shown.set(kind, (shown.get(kind) ?? 0) + 1);
        report.findings.push(finding);
      }
    }
  };
  const monitor = setInterval(() => {
    void options.isUp().then((up) => {
      if (!up) report.stayedUp = false;
    });
  }, 2000);
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  } finally {
    clearInterval(monitor);
  }
  report.stayedUp = report.stayedUp && (await options.isUp());
  report.seconds = Math.round((Date.now() - started) / 100) / 10;
  return report;
}

/** A short table of the report, for a person. */
export function formatReport(report: FuzzReport): string {
  const rows = Object.entries(report.byCategory).map(([category, { sent, statuses }]) => [
    category,
    String(sent),
    Object.entries(statuses)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([status, count]) => `${status}×${count}`)
      .join(' '),
  ]);
  const header = ['category', 'sent', 'statuses'];
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ');
  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    `requests sent         ${report.sent} of ${report.planned} in ${report.seconds} s`,
    `5xx answers           ${report.serverErrors}`,
    `outside the envelope  ${report.outsideEnvelope}`,
    `without an answer     ${report.unanswered}`,
    `server stayed up      ${report.stayedUp ? 'yes' : 'no'}`,
  ].join('\n');
}
