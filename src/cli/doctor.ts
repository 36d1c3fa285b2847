import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.ts';
import { formatReport, hasFailures, runChecks, type CheckResult } from '../doctor/checks.ts';
import { machineProbe } from '../doctor/probe.ts';
import { VERSION } from '../package-files.ts';

// `clipforge doctor [--data-dir D] [--json]`: is this machine ready to clip, and if not, what to run.

async function check(dataDir: string | undefined): Promise<CheckResult[]> {
  let config: Config;
  try {
    config = loadConfig({ dataDir });
  } catch (error) {
    // a setting that does not parse stops every command, so it is the one thing to fix first
    const detail = (error as Error).message;
    return [
      { name: 'configuration', ok: false, required: true, detail, fix: 'correct or unset that variable' },
    ];
  }
  return runChecks(config, machineProbe);
}

export async function doctorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const results = await check(values['data-dir']);
  if (values.json)
    process.stdout.write(`${JSON.stringify({ version: VERSION, checks: results }, null, 2)}\n`);
  else process.stdout.write(`ClipForge ${VERSION}\n${formatReport(results)}`);
  return hasFailures(results) ? 1 : 0;
}
