// The package's programmatic entry: a typed client of the ClipForge HTTP API and the MCP server built on it.
// Everything else is reached through the `clipforge` command.

export {
  ApiCallError,
  ApiUnreachableError,
  ClipforgeApi,
  fetchTransport,
  type ApiRequest,
  type ApiResponse,
  type ApiTransport,
  type Status,
} from './mcp/client.ts';
export { createMcpServer, type McpServerOptions } from './mcp/server.ts';
export { VERSION } from './package-files.ts';
