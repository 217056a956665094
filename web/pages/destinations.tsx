import { Page } from '../components/ui';
import type { PageProps } from './index';

export function DestinationsPage(_props: PageProps) {
  return <Page title="destinations">Not built yet.</Page>;
}
