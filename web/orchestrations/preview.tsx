// The first rows a query returns and how they would be sent to TikTok (POST /api/preview): hashed identifiers
// for audiences, the mapped event for offline events, and why a row would be rejected.
import { api } from '../api';
import type { Schema } from '../api/types';
import { ErrorBanner, Loading, useLoad } from '../components/ui';
import './orchestrations.css';

/**
 * What is previewed: a query or file (admins) or a segment, the data template it goes through, and the read
 * options.
 */
export type PreviewRequest = Schema<'PreviewRequest'>;

const HASH = /^[0-9a-f]{64}$/i;

/** A SHA-256 hex digest cut to 12 characters, the whole of it in the tooltip; anything else as is. */
function Value({ value }: { value: unknown }) {
  if (typeof value === 'string' && HASH.test(value)) {
    return (
      <span className="mono" title={value}>
        {value.slice(0, 12)}…
      </span>
    );
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">none</span>;
    return (
      <>
        {(value as unknown[]).map((v, i) => (
          <span key={i}>
            {i > 0 ? ', ' : ''}
            <Value value={v} />
          </span>
        ))}
      </>
    );
  }
  if (value !== null && typeof value === 'object')
    return <span className="mono">{JSON.stringify(value)}</span>;
  return <span>{String(value)}</span>;
}

/** An event flattened to `user.email`, `properties.value`... lines; arrays of objects stay compact JSON. */
function flatten(value: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? flatten(v as Record<string, unknown>, `${prefix}${k}.`)
      : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

function Sent({ sent }: { sent: Record<string, unknown> | null }) {
  if (!sent) return <span className="muted">not sent</span>;
  return (
    <dl className="sent">
      {flatten(sent).map(([k, v]) => (
        <div key={k}>
          <dt>{k}:</dt>{' '}
          <dd>
            <Value value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Rejects({ rejects }: { rejects: Schema<'PreviewRow'>['rejects'] }) {
  if (rejects.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="rejects">
      {rejects.map((r, i) => (
        <li key={i}>
          <span className="badge bad">{r.reason}</span> {r.field ? <code>{r.field}</code> : null} {r.message}
        </li>
      ))}
    </ul>
  );
}

/** The preview of a request; fetched again when the request changes. */
export function Preview({ request }: { request: PreviewRequest }) {
  const body = JSON.stringify({ ...request, limit: 10 });
  const { data, error, loading } = useLoad(
    () => api<Schema<'Preview'>>('POST', '/api/preview', JSON.parse(body) as unknown),
    [body],
  );
  return (
    <section className="card preview" aria-label="Preview">
      <h2>Preview of the first rows</h2>
      {loading ? <Loading what="the preview" /> : null}
      <ErrorBanner error={loading ? undefined : error} />
      {data && !loading && !error ? (
        <>
          <p className="muted">{data.note}</p>
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th className="num">Row</th>
                  {data.columns.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                  <th>Sent to TikTok</th>
                  <th>Rejected</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.row}>
                    <td className="num">{r.row}</td>
                    {data.columns.map((c) => (
                      <td key={c}>{r.input[c] ?? <span className="muted">—</span>}</td>
                    ))}
                    <td>
                      <Sent sent={r.sent} />
                    </td>
                    <td>
                      <Rejects rejects={r.rejects} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.rows.length === 0 ? <p className="muted">The query returned no rows.</p> : null}
        </>
      ) : null}
    </section>
  );
}
