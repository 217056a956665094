// The frame of an orchestration's or a campaign's page: "Run now", "Preview", "Edit" and "Delete", the facts
// (given), the preview when asked for, and the recent workflows.
import { useState, type ReactNode } from 'react';
import { api } from '../api';
import { ActionButton, ErrorBanner, Facts, Loading, Page } from '../components/ui';
import { navigate } from '../router';
import { DeleteButton } from './delete-button';
import { Preview, type PreviewRequest } from './preview';
import { RecentWorkflows } from './recent-workflows';
import { describeCron, scheduleText } from './schedule';
import type { Schedule, StartedWorkflow } from './types';

/** An object as compact JSON, or "none" when empty. */
export function JsonFact({ value }: { value: Record<string, unknown> }) {
  if (Object.keys(value).length === 0) return <span className="muted">none</span>;
  return <code className="mono">{JSON.stringify(value)}</code>;
}

/** A schedule and what it means in words; `none` when there is none. */
export function ScheduleFact({ schedule, none }: { schedule: Schedule | null; none?: string }) {
  return (
    <>
      <span className="mono">{scheduleText(schedule, none)}</span>
      {schedule ? <div className="muted">{describeCron(schedule.cron)}</div> : null}
    </>
  );
}

/** The page while the object loads, or why it did not. */
export function DetailLoading(props: {
  title: string;
  what: string;
  error: Error | undefined;
  loading: boolean;
}) {
  return (
    <Page title={props.title}>
      <ErrorBanner error={props.error} />
      {props.loading ? <Loading what={props.what} /> : null}
    </Page>
  );
}

/**
 * The page of one orchestration or campaign (`kind`); its paths are /api/<kind>s/<id> and #/<kind>s/<id>.
 * "Edit" and "Delete" show only when `canChange`.
 */
export function RunnableDetail(props: {
  kind: 'orchestration' | 'campaign';
  item: { id: string; name: string; description: string };
  canChange: boolean;
  facts: [string, ReactNode][];
  preview: PreviewRequest;
}) {
  const { kind, item } = props;
  const [actionError, setActionError] = useState<Error | undefined>();
  const [previewing, setPreviewing] = useState(false);
  const collection = `${kind}s`;
  const runNow = async () => {
    setActionError(undefined);
    const workflow = await api<StartedWorkflow>('POST', `/api/${collection}/${item.id}/run`);
    navigate(`/workflows/${workflow.id}`);
  };
  return (
    <Page
      title={item.name}
      actions={
        <>
          <ActionButton kind="primary" onClick={runNow} onError={setActionError}>
            Run now
          </ActionButton>
          <button type="button" onClick={() => setPreviewing((p) => !p)} aria-pressed={previewing}>
            Preview
          </button>
          {props.canChange ? (
            <>
              <button type="button" onClick={() => navigate(`/${collection}/${item.id}/edit`)}>
                Edit
              </button>
              <DeleteButton
                what={`this ${kind}`}
                onError={setActionError}
                onDelete={async () => {
                  await api('DELETE', `/api/${collection}/${item.id}`);
                  navigate(`/${collection}`);
                }}
              />
            </>
          ) : null}
        </>
      }
    >
      <ErrorBanner error={actionError} />
      {item.description ? <p>{item.description}</p> : null}
      <div className="card">
        <Facts items={props.facts} />
      </div>
      {previewing ? <Preview request={props.preview} /> : null}
      <RecentWorkflows
        kind={kind}
        subjectKey={kind === 'campaign' ? 'campaignId' : 'orchestrationId'}
        id={item.id}
      />
    </Page>
  );
}
