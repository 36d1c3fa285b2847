import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api.ts';
import { formatDate, ProgressBar, StatusBadge } from '../components.tsx';
import { isTerminal, useLiveStatus } from '../live.ts';
import type { ListItem, Pagination, Status } from '../types.ts';

const STATUSES: Status[] = ['queued', 'processing', 'completed', 'failed', 'cancelled'];
// browsers keep six connections per server: a page follows a few streams and leaves room for everything else
const LIVE_ROWS = 3;

function Row({ api, item, live }: { api: Api; item: ListItem; live: boolean }) {
  const { status } = useLiveStatus(api, item.requestId, live && !isTerminal(item.status));
  const current = status ?? item;
  return (
    <tr>
      <td>
        <a href={`#/requests/${item.requestId}`}>{item.requestId.slice(-8)}</a>
      </td>
      <td>
        <StatusBadge status={current.status} />
      </td>
      <td>
        <ProgressBar value={current.progress} label={`Progress of ${item.requestId.slice(-8)}`} />
      </td>
      <td>{formatDate(item.createdAt)}</td>
      <td>{item.duration} s</td>
      <td class="source">{item.url}</td>
    </tr>
  );
}

export function RequestsPage({ api }: { api: Api }) {
  const [status, setStatus] = useState<Status | ''>('');
  const [sortBy, setSortBy] = useState<'createdAt' | 'updatedAt'>('createdAt');
  const [sortOrder, setSortOrder] = useState<'desc' | 'asc'>('desc');
  const [page, setPage] = useState(1);
  const [list, setList] = useState<{ requests: ListItem[]; pagination: Pagination }>();
  const [error, setError] = useState<string>();

  const [refreshed, setRefreshed] = useState(0);
  useEffect(() => {
    const query = new URLSearchParams({ page: String(page), limit: '20', sortBy, sortOrder });
    if (status) query.set('status', status);
    api.get<{ requests: ListItem[]; pagination: Pagination }>(`/shorts?${query}`).then(
      (answer) => (setList(answer), setError(undefined)),
      (failure: Error) => setError(failure.message),
    );
  }, [status, sortBy, sortOrder, page, refreshed]);

  const running = list?.requests.filter((item) => !isTerminal(item.status)) ?? [];
  const active = running.slice(0, LIVE_ROWS);
  // rows beyond the streams followed are brought up to date by reading the page again
  useEffect(() => {
    if (running.length <= LIVE_ROWS) return;
    const timer = setTimeout(() => setRefreshed((count) => count + 1), 5000);
    return () => clearTimeout(timer);
  }, [list]);
  return (
    <section>
      <h1>Requests</h1>
      <div class="row filters">
        <div class="field">
          <label for="filter-status">Status</label>
          <select
            id="filter-status"
            value={status}
            onChange={(e) => (setStatus(e.currentTarget.value as Status | ''), setPage(1))}
          >
            <option value="">All</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="sort-by">Sort by</label>
          <select
            id="sort-by"
            value={sortBy}
            onChange={(e) => setSortBy(e.currentTarget.value as 'createdAt' | 'updatedAt')}
          >
            <option value="createdAt">Created</option>
            <option value="updatedAt">Updated</option>
          </select>
        </div>
        <div class="field">
          <label for="sort-order">Order</label>
          <select
            id="sort-order"
            value={sortOrder}
            onChange={(e) => setSortOrder(e.currentTarget.value as 'desc' | 'asc')}
          >
            <option value="desc">Newest first</option>
            <option value="asc">Oldest first</option>
          </select>
        </div>
      </div>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {list && list.requests.length === 0 && (
        <p>
          No requests yet. <a href="#/new">Make your first clip.</a>
        </p>
      )}
      {list && list.requests.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Your requests</caption>
            <thead>
              <tr>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Created</th>
                <th scope="col">Window</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {list.requests.map((item) => (
                <Row key={item.requestId} api={api} item={item} live={active.includes(item)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list && (
        <nav class="pager" aria-label="Pages">
          <button type="button" class="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {list.pagination.page} of {list.pagination.totalPages} ({list.pagination.totalCount}{' '}
            requests)
          </span>
          <button
            type="button"
            class="secondary"
            disabled={page >= list.pagination.totalPages}
            onClick={() => setPage(page + 1)}
          >
            Next
          </button>
        </nav>
      )}
    </section>
  );
}
