import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { formatReport, hasFailures, runChecks } from '../doctor/checks.ts';
import { machineProbe } from '../doctor/probe.ts';
import { VERSION } from '../package-files.ts';

// `clipforge doctor [--data-dir D] [--json]`: is this machine ready to clip, and if not, what to run.

export async function doctorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const config = loadConfig({ dataDir: values['data-dir'] });
  const results = await runChecks(config, machineProbe);
  if (values.json)
    process.stdout.write(`${JSON.stringify({ version: VERSION, checks: results }, null, 2)}\n`);
  else process.stdout.write(`ClipForge ${VERSION}\n${formatReport(results)}`);
  return hasFailures(results) ? 1 : 0;
}
