import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { storedKey, storeKey, whoAmI, type Role } from './api';
import { ErrorBanner } from './components/ui';
import { DEMO_META, linkSignIn } from './key-link';
import { NAV, pageFor } from './pages';
import { href, navigate, useRoute } from './router';

interface Session {
  role: Role;
  keyId: string;
}

// A key from the address waiting for the person's confirmation (never stored before it).
let linkKey: string | undefined;

/**
 * A key handed over in the fragment (`#key=...`) leaves the address (and the history) before anything
 * renders, so it is never shown or routed. On the demo's page (`ttads demo` prints such a link) it signs in
 * at once; elsewhere the app asks first (see key-link.ts).
 */
export function takeKeyFromAddress(): void {
  const found = linkSignIn(
    window.location.hash,
    document.querySelector(`meta[name="${DEMO_META}"]`) !== null,
  );
  if (!found) return;
  if (found.confirm) linkKey = found.key;
  else storeKey(found.key);
  history.replaceState(null, '', `${window.location.pathname}#/`);
}

function ConfirmLinkKey(props: { onSignedIn: (s: Session) => void; onCancel: () => void }) {
  const [error, setError] = useState<Error | undefined>();
  const confirm = () => {
    const key = linkKey ?? '';
    whoAmI(key).then(
      (who) => {
        linkKey = undefined;
        storeKey(key);
        props.onSignedIn(who);
      },
      (err: unknown) => setError(err instanceof Error ? err : new Error(String(err))),
    );
  };
  return (
    <main className="signin">
      <h1>ttads</h1>
      <p>Sign in with the key from this link?</p>
      <p className="help">
        Only if you asked for this link: whoever made it chose the key, and you would act as them.
      </p>
      <button type="button" className="primary" onClick={confirm}>
        Sign in
      </button>{' '}
      <button
        type="button"
        onClick={() => {
          linkKey = undefined;
          props.onCancel();
        }}
      >
        Cancel
      </button>
      <ErrorBanner error={error} />
    </main>
  );
}

function SignIn(props: { onSignedIn: (s: Session) => void; error?: Error | undefined }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<Error | undefined>(props.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    whoAmI(key.trim()).then(
      (who) => {
        storeKey(key.trim());
        props.onSignedIn(who);
      },
      (err: unknown) => setError(err instanceof Error ? err : new Error(String(err))),
    );
  };
  return (
    <main className="signin">
      <h1>ttads</h1>
      <p>Custom audiences and offline events to TikTok Ads Manager.</p>
      <form onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="current-password"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          placeholder="ttads_…"
        />
        <p className="help">
          An admin creates keys on the API keys page, or with{' '}
          <code>ttads apikey create --name you --role admin</code> (or <code>--role business_user</code>).
          While this server runs, add <code>--server {window.location.origin}</code> with an admin key in{' '}
          <code>TTADS_API_KEY</code>; the very first key is made before the server starts (with PostgreSQL, at
          any time).
        </p>
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
      <ErrorBanner error={error} />
    </main>
  );
}

/** The app: sign-in with an API key, then the pages the key's role may use. */
export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [signInError, setSignInError] = useState<Error | undefined>();
  const [confirming, setConfirming] = useState(linkKey !== undefined);

  const signOut = useCallback(() => {
    storeKey(null);
    setSession(null);
  }, []);

  useEffect(() => {
    const key = storedKey();
    if (!key) return setSession(null);
    whoAmI(key).then(setSession, (err: unknown) => {
      storeKey(null);
      setSignInError(err instanceof Error ? err : undefined);
      setSession(null);
    });
  }, []);

  useEffect(() => {
    const onSignedOut = () => setSession(null);
    window.addEventListener('ttads:signed-out', onSignedOut);
    return () => window.removeEventListener('ttads:signed-out', onSignedOut);
  }, []);

  if (session === undefined) return <p className="muted">Loading…</p>;
  if (session === null && confirming)
    return <ConfirmLinkKey onSignedIn={setSession} onCancel={() => setConfirming(false)} />;
  if (session === null) return <SignIn onSignedIn={setSession} error={signInError} />;

  const items = NAV.filter((n) => n.roles.includes(session.role));
  const top = route.segments[0];
  if (!top && items[0]) {
    navigate(items[0].path);
    return null;
  }
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">ttads</div>
        <ul>
          {items.map((n) => (
            <li key={n.path}>
              <a href={href(n.path)} aria-current={`/${top ?? ''}` === n.path ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
        <div className="who">
          <span>{session.role === 'admin' ? 'Admin' : 'Business user'}</span>
          <button type="button" className="plain" onClick={signOut}>
            Sign out
          </button>
        </div>
      </nav>
      <main className="content">{pageFor(route, session.role)}</main>
    </div>
  );
}
