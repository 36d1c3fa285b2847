import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

// A test server's handler that awaits: http.createServer ignores what its listener returns, so a handler that
// fails answers 500 with the error (the test sees it) instead of leaving a rejection nobody handles.

export function asyncListener(
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
): RequestListener {
  return (request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  };
}
