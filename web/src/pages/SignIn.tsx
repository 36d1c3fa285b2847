import { useState } from 'preact/hooks';
import { Api, ApiFailure } from '../api.ts';
import { FieldError } from '../components.tsx';
import type { Account } from '../types.ts';

export function SignInPage({ onSignedIn }: { onSignedIn: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await new Api(key.trim()).get<Account>('/account');
      onSignedIn(key.trim());
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card narrow">
      <h1>Sign in to ClipForge</h1>
      <p>Use an API key from your operator (clipforge keys create). It stays in this tab only.</p>
      <form onSubmit={submit} noValidate>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          required
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'api-key-error' : undefined}
        />
        <FieldError id="api-key-error" message={error} />
        <button type="submit" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}
