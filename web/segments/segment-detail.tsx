// #/segments/<id>: a segment's name, description and ID types for everyone; its source, column mapping and
// openness, "Edit" and "Delete" for admins; a preview through a data template offered to campaigns.
import { useState, type ReactNode } from 'react';
import { api, type Role } from '../api';
import { ErrorBanner, Facts, Page, When, useLoad } from '../components/ui';
import { DeleteButton } from '../orchestrations/delete-button';
import { DetailLoading, JsonFact } from '../orchestrations/runnable-detail';
import type { Segment } from '../orchestrations/types';
import { navigate } from '../router';
import { SegmentPreview } from './segment-preview';

/** The page of one segment. */
export function SegmentDetail({ id, role }: { id: string; role: Role }) {
  const { data: s, error, loading } = useLoad(() => api<Segment>('GET', `/api/segments/${id}`), [id]);
  const [actionError, setActionError] = useState<Error | undefined>();
  if (!s) return <DetailLoading title="Segment" what="the segment" error={error} loading={loading} />;
  const admin = role === 'admin';
  const facts: [string, ReactNode][] = [
    ['User ID types', s.idTypes?.join(', ') ?? <span className="muted">EMAIL, PHONE (default)</span>],
  ];
  if (admin) {
    facts.unshift(['Source', <code className="mono">{s.sourceQuery}</code>]);
    facts.push(
      ['Column mapping', <JsonFact value={s.columns ?? {}} />],
      ['Business users', s.openToBusinessUsers ? 'open to them' : 'admins only'],
      ['Created', <When at={s.createdAt} />],
      ['Updated', <When at={s.updatedAt} />],
    );
  }
  return (
    <Page
      title={s.name}
      actions={
        admin ? (
          <>
            <button type="button" onClick={() => navigate(`/segments/${s.id}/edit`)}>
              Edit
            </button>
            <DeleteButton
              what="this segment"
              onError={setActionError}
              onDelete={async () => {
                await api('DELETE', `/api/segments/${s.id}`);
                navigate('/segments');
              }}
            />
          </>
        ) : null
      }
    >
      <ErrorBanner error={actionError} />
      {s.description ? <p>{s.description}</p> : null}
      <div className="card">
        <Facts items={facts} />
      </div>
      <SegmentPreview segmentId={s.id} />
    </Page>
  );
}
