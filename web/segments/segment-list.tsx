// #/segments: the segments the key may see. Admins: every segment with its source and whether business users
// may pick it, and "New segment"; business users: those opened to them, by name and description.
import { api } from '../api';
import type { Answer } from '../api/types';
import { ErrorBanner, Loading, Page, useLoad } from '../components/ui';
import { href, navigate } from '../router';

/** The list of segments. */
export function SegmentList({ admin }: { admin: boolean }) {
  const { data, error, loading } = useLoad(() => api<Answer<'/api/segments'>>('GET', '/api/segments'), []);
  const list = data?.segments;
  return (
    <Page
      title="Segments"
      actions={
        admin ? (
          <button type="button" className="primary" onClick={() => navigate('/segments/new')}>
            New segment
          </button>
        ) : null
      }
    >
      <p className="muted">
        A segment is who a campaign sends: customers an admin selected from files or a database.
      </p>
      <ErrorBanner error={error} />
      {!list && loading ? <Loading what="segments" /> : null}
      {list && list.length === 0 ? (
        <p className="muted">
          No segments{admin ? ' yet: create one with New segment.' : ' are open to you yet: ask an admin.'}
        </p>
      ) : null}
      {list && list.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">User ID types</th>
              {admin ? <th scope="col">Business users</th> : null}
              {admin ? <th scope="col">Source</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={href(`/segments/${s.id}`)}>{s.name}</a>
                </td>
                <td>{s.description}</td>
                <td>{s.idTypes?.join(', ') ?? <span className="muted">EMAIL, PHONE</span>}</td>
                {admin ? <td>{s.openToBusinessUsers ? 'open' : 'admins only'}</td> : null}
                {admin ? <td className="mono">{s.sourceQuery}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
