import { Page } from '../components/ui';
import type { PageProps } from './index';

export function CampaignsPage(_props: PageProps) {
  return <Page title="campaigns">Not built yet.</Page>;
}
