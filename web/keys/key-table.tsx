// The API keys table: role, dates, active or revoked, and a Revoke button that asks again in the page.

import { useState } from 'react';
import { ActionButton, When } from '../components/ui';
import { ROLE_LABEL, type ApiKey } from './types';

/** "Revoke", then "Yes, revoke" / "Cancel" in the row (not window.confirm, which blocks the page). */
function RevokeButton(props: {
  apiKey: ApiKey;
  onRevoke: (k: ApiKey) => Promise<unknown>;
  onError: (err: Error) => void;
}) {
  const [asking, setAsking] = useState(false);
  const { name } = props.apiKey;
  if (!asking) {
    return (
      <button type="button" className="danger" onClick={() => setAsking(true)}>
        Revoke
      </button>
    );
  }
  return (
    <span className="key-confirm" role="group" aria-label={`Revoke ${name}?`}>
      <span>Revoke {name}? Every request with it fails from now on.</span>
      <ActionButton kind="danger" onClick={() => props.onRevoke(props.apiKey)} onError={props.onError}>
        Yes, revoke
      </ActionButton>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/** Every key, newest first; `currentId` is the key this browser signed in with: marked, never revocable. */
export function ApiKeyTable(props: {
  keys: ApiKey[];
  currentId: string | undefined;
  onRevoke: (k: ApiKey) => Promise<unknown>;
  onError: (err: Error) => void;
}) {
  if (!props.keys.length) return <p className="muted">No API keys yet.</p>;
  return (
    <table className="record-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Created</th>
          <th scope="col">Last used</th>
          <th scope="col">Status</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {props.keys.map((k) => {
          const you = k.id === props.currentId;
          return (
            <tr key={k.id}>
              <th scope="row">
                {k.name}
                {you ? <span className="muted"> (you)</span> : null}
              </th>
              <td>{ROLE_LABEL[k.role]}</td>
              <td className="small">
                <When at={k.createdAt} />
              </td>
              <td className="small">
                <When at={k.lastUsedAt} />
              </td>
              <td>
                {k.revokedAt ? (
                  <>
                    <span className="badge bad">revoked</span>{' '}
                    <span className="small muted">
                      <When at={k.revokedAt} />
                    </span>
                  </>
                ) : (
                  <span className="badge ok">active</span>
                )}
              </td>
              <td>
                {k.revokedAt ? null : you ? (
                  <span className="small muted">Signed in with it</span>
                ) : (
                  <RevokeButton apiKey={k} onRevoke={props.onRevoke} onError={props.onError} />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
