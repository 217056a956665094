// #/campaigns/<id>: the campaign's audience, template, control group and schedule, its recent workflows,
// "Run now" and "Preview" for everyone, "Edit" and "Delete" for admins (the API lets only them change it).
import { useState } from 'react';
import { api, type Role } from '../api';
import { ActionButton, ErrorBanner, Facts, Loading, Page, When, useLoad } from '../components/ui';
import { navigate } from '../router';
import { campaignNames } from './campaign-lookups';
import { DeleteButton } from './delete-button';
import { nameOf } from './lookups';
import { JsonFact } from './orchestration-detail';
import { Preview } from './preview';
import { RecentWorkflows } from './recent-workflows';
import { describeCron, scheduleText } from './schedule';
import type { Campaign, Workflow } from './types';

/** The page of one campaign. */
export function CampaignDetail({ id, role }: { id: string; role: Role }) {
  const { data, error, loading } = useLoad(async () => {
    const [campaign, names] = await Promise.all([
      api<Campaign>('GET', `/api/campaigns/${id}`),
      campaignNames(),
    ]);
    return { campaign, ...names };
  }, [id]);
  const [actionError, setActionError] = useState<Error | undefined>();
  const [previewing, setPreviewing] = useState(false);

  if (!data) {
    return (
      <Page title="Campaign">
        <ErrorBanner error={error} />
        {loading ? <Loading what="the campaign" /> : null}
      </Page>
    );
  }
  const c = data.campaign;
  const template = data.templates.find((t) => t.id === c.templateId);
  const runNow = async () => {
    setActionError(undefined);
    const workflow = await api<Workflow>('POST', `/api/campaigns/${c.id}/run`);
    navigate(`/workflows/${workflow.id}`);
  };
  const templateAudience = template?.settings.customAudienceName;
  return (
    <Page
      title={c.name}
      actions={
        <>
          <ActionButton kind="primary" onClick={runNow} onError={setActionError}>
            Run now
          </ActionButton>
          <button type="button" onClick={() => setPreviewing((p) => !p)} aria-pressed={previewing}>
            Preview
          </button>
          {role === 'admin' ? (
            <>
              <button type="button" onClick={() => navigate(`/campaigns/${c.id}/edit`)}>
                Edit
              </button>
              <DeleteButton
                what="this campaign"
                onError={setActionError}
                onDelete={async () => {
                  await api('DELETE', `/api/campaigns/${c.id}`);
                  navigate('/campaigns');
                }}
              />
            </>
          ) : null}
        </>
      }
    >
      <ErrorBanner error={actionError} />
      {c.description ? <p>{c.description}</p> : null}
      <div className="card">
        <Facts
          items={[
            ['Audience query', <code className="mono">{c.audienceQuery}</code>],
            ['Data template', nameOf(data.templates, c.templateId)],
            ['Destination', template ? nameOf(data.destinations, template.destinationId) : '—'],
            ['User ID types', c.idTypes.join(', ')],
            [
              'Audience name',
              c.audienceName ?? (
                <span className="muted">
                  the data template's{typeof templateAudience === 'string' ? `: ${templateAudience}` : ''}
                </span>
              ),
            ],
            [
              'Schedule',
              <>
                <span className="mono">{scheduleText(c.schedule, 'one time: sent when run')}</span>
                {c.schedule ? <div className="muted">{describeCron(c.schedule.cron)}</div> : null}
              </>,
            ],
            ['Control group', `${c.controlGroupPercent} % held out`],
            ['Control group seed', <span className="mono">{c.controlGroupSeed}</span>],
            ['Control group key', c.controlGroupKey ?? <span className="muted">email, else phone</span>],
            ['Run options', <JsonFact value={c.options} />],
            ['Created', <When at={c.createdAt} />],
            ['Updated', <When at={c.updatedAt} />],
          ]}
        />
      </div>
      {previewing ? (
        <Preview
          request={{
            sourceQuery: c.audienceQuery,
            templateId: c.templateId,
            options: c.options,
            overrides: { userIdTypes: c.idTypes },
          }}
        />
      ) : null}
      <RecentWorkflows kind="campaign" subjectKey="campaignId" id={c.id} />
    </Page>
  );
}
