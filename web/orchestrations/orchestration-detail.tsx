// #/orchestrations/<id>: what the orchestration sends where and when, its recent workflows, and its actions.
import { api } from '../api';
import { When, formatNumber, useLoad } from '../components/ui';
import { loadTargets, nameOf } from './lookups';
import { DetailLoading, JsonFact, RunnableDetail, ScheduleFact } from './runnable-detail';
import type { Orchestration } from './types';

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
  if (!data) {
    return <DetailLoading title="Orchestration" what="the orchestration" error={error} loading={loading} />;
  }
  const o = data.orchestration;
  return (
    <RunnableDetail
      kind="orchestration"
      item={o}
      canChange
      preview={{
        sourceQuery: o.sourceQuery,
        templateId: o.templateId,
        options: o.options,
        overrides: o.overrides,
      }}
      facts={[
        ['Source query', <code className="mono">{o.sourceQuery}</code>],
        ['Destination', nameOf(data.destinations, o.destinationId)],
        ['Data template', nameOf(data.templates, o.templateId)],
        ['Schedule', <ScheduleFact schedule={o.schedule} />],
        ['Run options', <JsonFact value={o.options} />],
        ['Overrides', <JsonFact value={o.overrides} />],
        ['Skip when unchanged', skipInfo(o)],
        ['Source last read', <When at={o.lastFingerprintAt} />],
        ['Created', <When at={o.createdAt} />],
        ['Updated', <When at={o.updatedAt} />],
      ]}
    />
  );
}
