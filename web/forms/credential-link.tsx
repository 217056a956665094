// The authorization link of a credential: shown read-only to copy or send to the TikTok account holder,
// with where TikTok will send them back; and the wait for that person to approve.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import { useInterval, When } from '../components/ui';
import type { AuthorizationLink, Credential } from './api-types';

/**
 * The link, its expiry and the redirect URI it needs, with a Copy button (clipboard failures tolerated) and a
 * Revoke button for a link sent to the wrong person: it stops working at once.
 */
export function LinkBox(props: { link: AuthorizationLink; name: string; onClose: () => void }) {
  const { link } = props;
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  const [revoked, setRevoked] = useState(false);
  const [revokeError, setRevokeError] = useState<string | undefined>();
  const revoke = async () => {
    if (!window.confirm('Revoke this authorization link? Whoever has it can no longer authorize with it.'))
      return;
    const path = `/api/credentials/${encodeURIComponent(link.credentialId)}/authorization-links/${encodeURIComponent(link.linkId)}`;
    try {
      await api('DELETE', path);
      setRevoked(true);
      setRevokeError(undefined);
    } catch (err) {
      setRevokeError(err instanceof ApiError ? err.message : String(err));
    }
  };
  const id = `auth-link-${link.credentialId}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied('yes');
    } catch {
      // No clipboard (insecure origin, permission refused): the field stays selectable.
      setCopied('failed');
      document.getElementById(id)?.focus();
    }
  };
  return (
    <div className="link-box">
      <div className="field">
        <label htmlFor={id}>Authorization link</label>
        <div className="link-row">
          <input id={id} readOnly value={link.url} onFocus={(e) => e.target.select()} />
          <button type="button" className="plain" onClick={() => void copy()}>
            Copy
          </button>
          <button type="button" className="plain" disabled={revoked} onClick={() => void revoke()}>
            Revoke
          </button>
          <button type="button" className="plain" onClick={props.onClose}>
            Close
          </button>
        </div>
        <p className="help">
          For <strong>{props.name}</strong>: works once, until <When at={link.expiresAt} />. Whoever opens it
          and approves in TikTok authorizes this credential.
          {copied === 'yes' ? ' Copied to the clipboard.' : ''}
          {copied === 'failed' ? ' Could not copy: select the link and copy it yourself.' : ''}
          {revoked ? ' Revoked: the link no longer works.' : ''}
          {revokeError ? ` Could not revoke: ${revokeError}` : ''}
        </p>
      </div>
      <p className="help small">
        TikTok sends the account holder back to <code>{link.redirectUri}</code>: it must be a redirect URI of
        your TikTok app (TikTok for Business developer portal, My apps, your app, Advertiser redirect URL).
      </p>
    </div>
  );
}

/** What is being waited for: a credential's status and authorization time when the link was made. */
interface Waiting {
  id: string;
  status: string;
  authorizedAt: string | null;
  since: number;
}

const POLL_MS = 2000;
const GIVE_UP_MS = 10 * 60_000;

/**
 * Waits for a credential to be authorized through a link: `start` remembers its state, then `reload` (the
 * page's credentials list) runs every 2 s until the credential's status or authorizedAt changes (or 10 min
 * pass); `onDone` gets the credential as it then is (undefined on giving up).
 */
export function useApprovalWait(
  credentials: Credential[] | undefined,
  reload: () => Promise<void>,
  onDone: (credential: Credential | undefined, waitedFor: string) => void,
) {
  const [waiting, setWaiting] = useState<Waiting | undefined>();
  const busy = useRef(false);

  const start = useCallback((c: Credential) => {
    setWaiting({ id: c.id, status: c.status, authorizedAt: c.authorizedAt, since: Date.now() });
  }, []);

  const tick = useCallback(() => {
    if (!waiting || busy.current) return;
    if (Date.now() - waiting.since > GIVE_UP_MS) {
      setWaiting(undefined);
      onDone(undefined, waiting.id);
      return;
    }
    busy.current = true;
    void reload().finally(() => {
      busy.current = false;
    });
  }, [waiting, reload, onDone]);
  useInterval(tick, waiting ? POLL_MS : null);

  // Compare on every new list (the poll's or any other reload).
  useEffect(() => {
    const now = waiting ? credentials?.find((c) => c.id === waiting.id) : undefined;
    if (!waiting || !now) return;
    if (now.status !== waiting.status || now.authorizedAt !== waiting.authorizedAt) {
      setWaiting(undefined);
      onDone(now, waiting.id);
    }
  }, [credentials, waiting, onDone]);

  const stop = useCallback(() => setWaiting(undefined), []);
  const waitingFor = waiting?.id;
  return useMemo(() => ({ waitingFor, start, stop }), [waitingFor, start, stop]);
}
