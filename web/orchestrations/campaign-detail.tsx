// #/campaigns/<id>: the campaign's segment, template, control group and schedule, its recent workflows,
// "Run now" and "Preview" for everyone, "Edit" and "Delete" for admins (the API lets only them change it).
import { api, type Role } from '../api';
import { When, useLoad } from '../components/ui';
import { campaignNames } from './campaign-lookups';
import { href } from '../router';
import { nameOf } from './lookups';
import { DetailLoading, JsonFact, RunnableDetail, ScheduleFact } from './runnable-detail';
import type { Campaign } from './types';

/** The page of one campaign. */
export function CampaignDetail({ id, role }: { id: string; role: Role }) {
  const { data, error, loading } = useLoad(async () => {
    const [campaign, names] = await Promise.all([
      api<Campaign>('GET', `/api/campaigns/${id}`),
      campaignNames(),
    ]);
    return { campaign, ...names };
  }, [id]);
  if (!data) return <DetailLoading title="Campaign" what="the campaign" error={error} loading={loading} />;
  const c = data.campaign;
  const template = data.templates.find((t) => t.id === c.templateId);
  const templateAudience = template?.settings.customAudienceName;
  return (
    <RunnableDetail
      kind="campaign"
      item={c}
      canChange={role === 'admin'}
      preview={{
        segmentId: c.segmentId,
        templateId: c.templateId,
        options: c.options,
        ...(c.idTypes ? { overrides: { userIdTypes: c.idTypes } } : {}),
      }}
      facts={[
        ['Segment', <a href={href(`/segments/${c.segmentId}`)}>{nameOf(data.segments, c.segmentId)}</a>],
        ['Data template', nameOf(data.templates, c.templateId)],
        ['Destination', template ? nameOf(data.destinations, template.destinationId) : '—'],
        ['User ID types', c.idTypes?.join(', ') ?? <span className="muted">the segment's</span>],
        [
          'Audience name',
          c.audienceName ?? (
            <span className="muted">
              the data template's{typeof templateAudience === 'string' ? `: ${templateAudience}` : ''}
            </span>
          ),
        ],
        ['Schedule', <ScheduleFact schedule={c.schedule} none="one time: sent when run" />],
        ['Control group', `${c.controlGroupPercent} % held out`],
        ['Control group seed', <span className="mono">{c.controlGroupSeed}</span>],
        ['Control group key', c.controlGroupKey ?? <span className="muted">email, else phone</span>],
        ['Run options', <JsonFact value={c.options} />],
        ['Created', <When at={c.createdAt} />],
        ['Updated', <When at={c.updatedAt} />],
      ]}
    />
  );
}
