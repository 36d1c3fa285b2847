import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ClipforgeApi, fetchTransport } from '../mcp/client.ts';
import { createMcpServer } from '../mcp/server.ts';

// `clipforge mcp`: an MCP server on stdin/stdout for an assistant on this computer, talking to a ClipForge
// server over its HTTP API. stdout carries the protocol only; notes go to stderr.

export const DEFAULT_API_URL = 'http://127.0.0.1:8080/api/v1';

export async function mcpCommand(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write(
      'clipforge mcp takes no arguments; set CLIPFORGE_API_URL (default ' +
        `${DEFAULT_API_URL}) and CLIPFORGE_API_KEY\n`,
    );
    return 2;
  }
  const apiUrl = process.env.CLIPFORGE_API_URL?.trim() || DEFAULT_API_URL;
  const apiKey = process.env.CLIPFORGE_API_KEY?.trim() || undefined;
  if (!apiKey) {
    process.stderr.write(
      'clipforge mcp: CLIPFORGE_API_KEY is not set; every tool will answer missing_api_key\n',
    );
  }
  const server = createMcpServer(new ClipforgeApi(fetchTransport(apiUrl, apiKey)), { uploads: true });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => (server.server.onclose = resolve));
  process.stdin.once('end', () => void server.close());
  await server.connect(transport);
  process.stderr.write(`ClipForge MCP server on stdio, for ${apiUrl}\n`);
  await closed;
  return 0;
}
