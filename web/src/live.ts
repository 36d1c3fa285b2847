import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api.ts';
import type { RequestStatus } from './types.ts';

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
export const isTerminal = (status: string) => TERMINAL.has(status);

/** The live status of a request from its event stream while `active`; `deleted` once the server says so. */
export function useLiveStatus(api: Api, id: string, active: boolean) {
  const [status, setStatus] = useState<RequestStatus>();
  const [deleted, setDeleted] = useState(false);
  useEffect(() => {
    if (!active) return;
    const abort = new AbortController();
    void api
      .follow(
        id,
        (event, data) => {
          if (event === 'deleted') setDeleted(true);
          else if (event === 'status') setStatus(data as RequestStatus);
        },
        abort.signal,
      )
      .catch(() => undefined);
    return () => abort.abort();
  }, [id, active]);
  return { status, deleted };
}
