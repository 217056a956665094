import { api } from '../api';
import { ErrorBanner, Loading, Page, useLoad } from '../components/ui';
import '../orchestrations/orchestrations.css';
import type { Segment } from '../orchestrations/types';
import { SegmentDetail } from '../segments/segment-detail';
import { SegmentForm } from '../segments/segment-form';
import { SegmentList } from '../segments/segment-list';
import type { PageProps } from './page-props';

/** The edit form, once the segment is loaded. */
function EditSegment({ id }: { id: string }) {
  const { data, error } = useLoad(() => api<Segment>('GET', `/api/segments/${id}`), [id]);
  if (!data) {
    return (
      <Page title="Edit segment">
        <ErrorBanner error={error} />
        {error ? null : <Loading what="the segment" />}
      </Page>
    );
  }
  return <SegmentForm key={data.id} existing={data} />;
}

/**
 * #/segments and #/segments/<id> for both roles (business users: segments opened to them, name and
 * description only); #/segments/new and #/segments/<id>/edit for admins, as the API lets only them write.
 */
export function SegmentsPage({ route, role }: PageProps) {
  const [, id, sub] = route.segments;
  const admin = role === 'admin';
  if (!id) return <SegmentList admin={admin} />;
  if ((id === 'new' || sub === 'edit') && !admin)
    return <p role="alert">Only an admin may define or change a segment.</p>;
  if (id === 'new') return <SegmentForm key="new" />;
  if (sub === 'edit') return <EditSegment id={id} />;
  return <SegmentDetail key={id} id={id} role={role} />;
}
