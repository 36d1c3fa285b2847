import { VERSION } from '../package-files.ts';
import { InvalidSettingError } from '../config.ts';

// Command dispatcher for the `clipforge` binary. Each command lives in its own module, loaded on demand.

export type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  clip: {
    summary: 'clip one video file or URL into shorts on disk (no server)',
    load: async () => (await import('./clip.ts')).clipCommand,
  },
  rerender: {
    summary:
      'edit a short and render it again: rerender <requestId|manifest.json> <shortId|N> [--start S] [--end S] …',
    load: async () => (await import('./rerender.ts')).rerenderCommand,
  },
  serve: {
    summary: 'HTTP API + workers (embedded database by default)',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  worker: {
    summary: 'workers only, next to `serve --no-workers` on a shared PostgreSQL',
    load: async () => (await import('./serve.ts')).workerCommand,
  },
  accounts: {
    summary: 'accounts create --email E [--credits N] [--demo] [--tier T] | accounts list',
    load: async () => (await import('./admin.ts')).accountsCommand,
  },
  keys: {
    summary: 'keys create --email E [--name label] | keys list --email E | keys revoke <key-id>',
    load: async () => (await import('./admin.ts')).keysCommand,
  },
  credits: {
    summary: 'credits add --email E --credits N',
    load: async () => (await import('./admin.ts')).creditsCommand,
  },
  models: {
    summary: 'list or pull whisper.cpp models (models pull base)',
    load: async () => (await import('./models.ts')).modelsCommand,
  },
  assets: {
    summary:
      'assets list [kind] | assets add <music|game-videos|meme-hooks> <file> [--name N] | assets build',
    load: async () => (await import('./assets.ts')).assetsCommand,
  },
  doctor: {
    summary: 'check ffmpeg, fonts, recognisers, database and storage; say how to fix what is missing',
    load: async () => (await import('./doctor.ts')).doctorCommand,
  },
  mcp: {
    summary: 'MCP server over stdio for assistants (CLIPFORGE_API_KEY, CLIPFORGE_API_URL)',
    load: async () => (await import('./mcp.ts')).mcpCommand,
  },
  demo: {
    summary: 'generate a sample talk and clip it with the defaults',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    'Usage: clipforge <command> [options]   (clipforge --version prints the version)',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`),
  ].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`Unknown command: ${name}\n\n${usage()}\n`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command(rest);
  } catch (error) {
    // a setting that cannot be used stops the command at start, with the variable to fix, not a stack trace
    if (!(error instanceof InvalidSettingError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
}
