import { api } from '../api';
import { ErrorBanner, Loading, Page, useLoad } from '../components/ui';
import { OrchestrationDetail } from '../orchestrations/orchestration-detail';
import { OrchestrationForm } from '../orchestrations/orchestration-form';
import { OrchestrationList } from '../orchestrations/orchestration-list';
import type { Orchestration } from '../orchestrations/types';
import '../orchestrations/orchestrations.css';
import type { PageProps } from './page-props';

/** The edit form, once the orchestration is loaded. */
function EditOrchestration({ id }: { id: string }) {
  const { data, error } = useLoad(() => api<Orchestration>('GET', `/api/orchestrations/${id}`), [id]);
  if (!data) {
    return (
      <Page title="Edit orchestration">
        <ErrorBanner error={error} />
        {error ? null : <Loading what="the orchestration" />}
      </Page>
    );
  }
  return <OrchestrationForm key={data.id} existing={data} />;
}

/** #/orchestrations, #/orchestrations/new, #/orchestrations/<id>, #/orchestrations/<id>/edit (admins). */
export function OrchestrationsPage({ route }: PageProps) {
  const [, id, sub] = route.segments;
  if (!id) return <OrchestrationList />;
  if (id === 'new') return <OrchestrationForm key="new" />;
  if (sub === 'edit') return <EditOrchestration id={id} />;
  return <OrchestrationDetail key={id} id={id} />;
}
