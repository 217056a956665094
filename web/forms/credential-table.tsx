// The credentials table: status, authorized advertisers, and each credential's actions.

import { ActionButton, StatusBadge, When } from '../components/ui';
import type { Credential } from './api-types';

/** What a row's buttons do; each may throw (shown by the page through `onError`). */
export interface CredentialActions {
  connect: (c: Credential) => Promise<void>;
  reauthorize: (c: Credential) => Promise<void>;
  copyLink: (c: Credential) => Promise<void>;
  check: (c: Credential) => Promise<void>;
  edit: (c: Credential) => void;
  remove: (c: Credential) => Promise<void>;
  onError: (err: Error) => void;
}

function Advertisers({ list }: { list: Credential['advertisers'] }) {
  if (!list.length) return <span className="muted">none yet</span>;
  return (
    <ul className="check-list small">
      {list.map((a) => (
        <li key={a.advertiserId}>
          <span>
            {a.name} <span className="mono muted nowrap">{a.advertiserId}</span>
            {a.canWrite === false ? <span className="muted"> (read only)</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The credentials, one row each; `waitingFor` marks the one whose approval is awaited. */
export function CredentialTable(props: {
  credentials: Credential[];
  waitingFor: string | undefined;
  actions: CredentialActions;
}) {
  const { actions } = props;
  if (!props.credentials.length) {
    return (
      <p className="muted">No credentials yet: create one for your TikTok app, then connect it to TikTok.</p>
    );
  }
  return (
    <table className="record-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">App ID</th>
          <th scope="col">Status</th>
          <th scope="col">Advertisers authorized</th>
          <th scope="col">Authorized at</th>
          <th scope="col">Last checked</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {props.credentials.map((c) => (
          <tr key={c.id}>
            <th scope="row">{c.name}</th>
            <td className="mono nowrap">{c.appId}</td>
            <td>
              <StatusBadge status={c.status} />{' '}
              {props.waitingFor === c.id ? <span className="badge busy">waiting for approval</span> : null}
              {c.statusReason ? <p className="help small">{c.statusReason}</p> : null}
            </td>
            <td>
              <Advertisers list={c.advertisers} />
            </td>
            <td className="small">
              <When at={c.authorizedAt} />
            </td>
            <td className="small">
              <When at={c.lastCheckedAt} />
            </td>
            <td>
              <div className="row-actions">
                {c.status === 'authorized' ? (
                  <ActionButton onClick={() => actions.reauthorize(c)} onError={actions.onError}>
                    Reauthorize
                  </ActionButton>
                ) : (
                  <ActionButton kind="primary" onClick={() => actions.connect(c)} onError={actions.onError}>
                    Connect TikTok
                  </ActionButton>
                )}
                <ActionButton onClick={() => actions.copyLink(c)} onError={actions.onError}>
                  Copy link
                </ActionButton>
                <ActionButton onClick={() => actions.check(c)} onError={actions.onError}>
                  Check
                </ActionButton>
                <button type="button" className="plain" onClick={() => actions.edit(c)}>
                  Edit
                </button>
                <ActionButton kind="danger" onClick={() => actions.remove(c)} onError={actions.onError}>
                  Delete
                </ActionButton>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
