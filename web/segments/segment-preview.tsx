// The preview of a saved segment through a data template offered to campaigns, chosen here: POST /api/preview
// with the segment's id (business users get hashes and reasons, never the values).
import { useState } from 'react';
import { useLoad } from '../components/ui';
import { campaignTemplates } from '../orchestrations/campaign-lookups';
import { Preview } from '../orchestrations/preview';
import { TemplateSelect } from './template-select';

/** A template select, then the preview of the segment through it. */
export function SegmentPreview({ segmentId }: { segmentId: string }) {
  const templates = useLoad(() => campaignTemplates(), []);
  const [templateId, setTemplateId] = useState('');
  return (
    <section className="card" aria-label="Segment preview">
      <TemplateSelect
        id="seg-detail-template"
        help="The first rows of the segment as a campaign on this data template would send them."
        templates={templates.data ?? []}
        value={templateId}
        onChange={setTemplateId}
      />
      {templateId ? <Preview key={templateId} request={{ segmentId, templateId }} /> : null}
    </section>
  );
}
