import { Page } from '../components/ui';
import type { PageProps } from './index';

export function OrchestrationsPage(_props: PageProps) {
  return <Page title="orchestrations">Not built yet.</Page>;
}
