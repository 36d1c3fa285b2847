import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Api } from './api.ts';
import { AccountPage } from './pages/Account.tsx';
import { NewClipPage } from './pages/NewClip.tsx';
import { RequestPage } from './pages/Request.tsx';
import { RequestsPage } from './pages/Requests.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { forgetKey, storedKey, storeKey } from './session.ts';
import './styles.css';

// The dashboard: hash routes (#/new, #/requests, #/requests/<id>, #/account) behind a sign-in with an API key.

const route = () => window.location.hash.replace(/^#/, '') || '/new';

function useRoute(): string {
  const [current, setCurrent] = useState(route);
  useEffect(() => {
    const onChange = () => setCurrent(route());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return current;
}

const NAV = [
  ['/new', 'New clip'],
  ['/requests', 'Requests'],
  ['/account', 'Account'],
] as const;

function Page({ path, api }: { path: string; api: Api }) {
  const request = /^\/requests\/([0-9a-f]{24})$/i.exec(path);
  if (request) return <RequestPage api={api} id={request[1]} key={request[1]} />;
  if (path.startsWith('/requests')) return <RequestsPage api={api} />;
  if (path === '/account') return <AccountPage api={api} />;
  return <NewClipPage api={api} />;
}

function App() {
  const [key, setKey] = useState(storedKey);
  const path = useRoute();
  useEffect(() => {
    document.getElementById('main')?.focus();
  }, [path]);
  if (!key) {
    return (
      <main id="main" tabIndex={-1}>
        <SignInPage
          onSignedIn={(value) => {
            storeKey(value);
            setKey(value);
          }}
        />
      </main>
    );
  }
  const api = new Api(key);
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(event) => (event.preventDefault(), document.getElementById('main')?.focus())}
      >
        Skip to content
      </a>
      <header class="top">
        <span class="brand">ClipForge</span>
        <nav aria-label="Main">
          {NAV.map(([href, label]) => (
            <a href={`#${href}`} aria-current={path.startsWith(href) ? 'page' : undefined} key={href}>
              {label}
            </a>
          ))}
        </nav>
        <button
          type="button"
          class="link"
          onClick={() => {
            forgetKey();
            setKey(null);
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={path} api={api} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
