// #/orchestrations/<id>: what the orchestration sends where and when, its recent workflows, and its actions.
import { useState } from 'react';
import { api } from '../api';
import {
  ActionButton,
  ErrorBanner,
  Facts,
  Loading,
  Page,
  When,
  formatNumber,
  useLoad,
} from '../components/ui';
import { navigate } from '../router';
import { DeleteButton } from './delete-button';
import { loadTargets, nameOf } from './lookups';
import { Preview } from './preview';
import { RecentWorkflows } from './recent-workflows';
import { describeCron, scheduleText } from './schedule';
import type { Orchestration, Workflow } from './types';

/** An object as compact JSON, or "none" when empty. */
export function JsonFact({ value }: { value: Record<string, unknown> }) {
  if (Object.keys(value).length === 0) return <span className="muted">none</span>;
  return <code className="mono">{JSON.stringify(value)}</code>;
}

function skipInfo(o: Orchestration) {
  if (!o.skipUnchanged) return 'no: every scheduled run reads and sends';
  const last = o.lastSkippedAt ? (
    <>
      , last on <When at={o.lastSkippedAt} />
    </>
  ) : null;
  return (
    <>
      yes: {formatNumber(o.skippedRuns)} scheduled runs skipped{last}
    </>
  );
}

/** The page of one orchestration. */
export function OrchestrationDetail({ id }: { id: string }) {
  const { data, error, loading } = useLoad(async () => {
    const [orchestration, targets] = await Promise.all([
      api<Orchestration>('GET', `/api/orchestrations/${id}`),
      loadTargets(),
    ]);
    return { orchestration, ...targets };
  }, [id]);
  const [actionError, setActionError] = useState<Error | undefined>();
  const [previewing, setPreviewing] = useState(false);

  if (!data) {
    return (
      <Page title="Orchestration">
        <ErrorBanner error={error} />
        {loading ? <Loading what="the orchestration" /> : null}
      </Page>
    );
  }
  const o = data.orchestration;
  const runNow = async () => {
    setActionError(undefined);
    const workflow = await api<Workflow>('POST', `/api/orchestrations/${o.id}/run`);
    navigate(`/workflows/${workflow.id}`);
  };
  return (
    <Page
      title={o.name}
      actions={
        <>
          <ActionButton kind="primary" onClick={runNow} onError={setActionError}>
            Run now
          </ActionButton>
          <button type="button" onClick={() => setPreviewing((p) => !p)} aria-pressed={previewing}>
            Preview
          </button>
          <button type="button" onClick={() => navigate(`/orchestrations/${o.id}/edit`)}>
            Edit
          </button>
          <DeleteButton
            what="this orchestration"
            onError={setActionError}
            onDelete={async () => {
              await api('DELETE', `/api/orchestrations/${o.id}`);
              navigate('/orchestrations');
            }}
          />
        </>
      }
    >
      <ErrorBanner error={actionError} />
      {o.description ? <p>{o.description}</p> : null}
      <div className="card">
        <Facts
          items={[
            ['Source query', <code className="mono">{o.sourceQuery}</code>],
            ['Destination', nameOf(data.destinations, o.destinationId)],
            ['Data template', nameOf(data.templates, o.templateId)],
            [
              'Schedule',
              <>
                <span className="mono">{scheduleText(o.schedule)}</span>
                {o.schedule ? <div className="muted">{describeCron(o.schedule.cron)}</div> : null}
              </>,
            ],
            ['Run options', <JsonFact value={o.options} />],
            ['Overrides', <JsonFact value={o.overrides} />],
            ['Skip when unchanged', skipInfo(o)],
            ['Source last read', <When at={o.lastFingerprintAt} />],
            ['Created', <When at={o.createdAt} />],
            ['Updated', <When at={o.updatedAt} />],
          ]}
        />
      </div>
      {previewing ? (
        <Preview
          request={{
            sourceQuery: o.sourceQuery,
            templateId: o.templateId,
            options: o.options,
            overrides: o.overrides,
          }}
        />
      ) : null}
      <RecentWorkflows kind="orchestration" subjectKey="orchestrationId" id={o.id} />
    </Page>
  );
}
