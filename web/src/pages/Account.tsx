import { useEffect, useState } from 'preact/hooks';
import type { Api } from '../api.ts';
import { CopyButton, formatDate } from '../components.tsx';
import type { Account, ListItem, RequestDetail } from '../types.ts';

function Deliveries({ api }: { api: Api }) {
  const [requests, setRequests] = useState<ListItem[]>([]);
  const [chosen, setChosen] = useState('');
  const [detail, setDetail] = useState<RequestDetail>();
  useEffect(() => {
    api.get<{ requests: ListItem[] }>('/shorts?limit=20').then(
      (answer) => setRequests(answer.requests),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    setDetail(undefined);
    if (chosen) api.get<RequestDetail>(`/shorts/${chosen}`).then(setDetail, () => undefined);
  }, [chosen]);
  const deliveries = detail?.webhook?.deliveries ?? [];
  return (
    <div class="card">
      <h2>Webhook deliveries</h2>
      <div class="field">
        <label for="delivery-request">Request</label>
        <select id="delivery-request" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
          <option value="">Choose a request</option>
          {requests.map((item) => (
            <option key={item.requestId} value={item.requestId}>
              {item.requestId} ({item.status}, {formatDate(item.createdAt)})
            </option>
          ))}
        </select>
      </div>
      {detail && !detail.webhook && <p>This request has no webhook.</p>}
      {detail?.webhook && (
        <>
          <p class="source">To {detail.webhook.url}</p>
          {deliveries.length === 0 ? (
            <p>No delivery attempts yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Attempt</th>
                  <th scope="col">At</th>
                  <th scope="col">Status</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((attempt) => (
                  <tr key={attempt.attempt}>
                    <td>{attempt.attempt}</td>
                    <td>{formatDate(attempt.at)}</td>
                    <td>{attempt.status ?? '—'}</td>
                    <td>{attempt.error ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}

export function AccountPage({ api }: { api: Api }) {
  const [account, setAccount] = useState<Account>();
  const [remaining, setRemaining] = useState<{ hour: string | null; day: string | null }>();
  const [revealed, setRevealed] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    api.call<Account>('GET', '/account').then(
      ({ data, headers }) => {
        setAccount(data);
        setRemaining({
          hour: headers.get('x-ratelimit-remaining-hour'),
          day: headers.get('x-ratelimit-remaining-day'),
        });
      },
      (failure: Error) => setError(failure.message),
    );
  }, []);
  if (error)
    return (
      <p class="field-error" role="alert">
        {error}
      </p>
    );
  if (!account) return <p aria-busy="true">Loading…</p>;
  return (
    <section>
      <h1>Account</h1>
      <div class="card">
        <dl class="facts">
          <dt>Email</dt>
          <dd>{account.email}</dd>
          <dt>Credits</dt>
          <dd>{account.credits}</dd>
          <dt>Tier</dt>
          <dd>
            {account.tier}
            {account.isDemo && ' (demo)'}
          </dd>
          <dt>Requests this hour</dt>
          <dd>
            {remaining?.hour ?? '?'} of {account.limits.hour} left
          </dd>
          <dt>Requests today</dt>
          <dd>
            {remaining?.day ?? '?'} of {account.limits.day} left
          </dd>
          <dt>Clipping requests</dt>
          <dd>
            {account.usage.requests} in all, {account.usage.active} running
          </dd>
        </dl>
      </div>
      <div class="card">
        <h2>Webhook signing secret</h2>
        <p>
          <code class="secret">{revealed ? account.webhookSecret : '••••••••••••••••'}</code>
        </p>
        <div class="actions">
          <button
            type="button"
            class="secondary"
            onClick={() => setRevealed(!revealed)}
            aria-pressed={revealed}
          >
            {revealed ? 'Hide' : 'Reveal'}
          </button>
          <CopyButton text={account.webhookSecret} label="Copy secret" />
        </div>
      </div>
      <Deliveries api={api} />
    </section>
  );
}
