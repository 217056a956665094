import { api } from '../api';
import { ErrorBanner, Loading, Page, useLoad } from '../components/ui';
import { CampaignDetail } from '../orchestrations/campaign-detail';
import { CampaignForm } from '../orchestrations/campaign-form';
import { CampaignList } from '../orchestrations/campaign-list';
import type { Campaign } from '../orchestrations/types';
import '../orchestrations/orchestrations.css';
import type { PageProps } from './page-props';

/** The edit form, once the campaign is loaded. */
function EditCampaign({ id }: { id: string }) {
  const { data, error } = useLoad(() => api<Campaign>('GET', `/api/campaigns/${id}`), [id]);
  if (!data) {
    return (
      <Page title="Edit campaign">
        <ErrorBanner error={error} />
        {error ? null : <Loading what="the campaign" />}
      </Page>
    );
  }
  return <CampaignForm key={data.id} existing={data} />;
}

/**
 * #/campaigns, #/campaigns/new, #/campaigns/<id> for both roles; #/campaigns/<id>/edit for admins only, as
 * the API lets only them change a campaign.
 */
export function CampaignsPage({ route, role }: PageProps) {
  const [, id, sub] = route.segments;
  if (!id) return <CampaignList />;
  if (id === 'new') return <CampaignForm key="new" />;
  if (sub === 'edit') {
    if (role !== 'admin') return <p role="alert">Only an admin may change a campaign.</p>;
    return <EditCampaign id={id} />;
  }
  return <CampaignDetail key={id} id={id} role={role} />;
}
