// The preview of a saved segment through a data template offered to campaigns, chosen here: POST /api/preview
// with the segment's id (business users get hashes and reasons, never the values).
import { useState } from 'react';
import { Field, useLoad } from '../components/ui';
import { campaignTemplates } from '../orchestrations/campaign-lookups';
import { Preview } from '../orchestrations/preview';

/** A template select, then the preview of the segment through it. */
export function SegmentPreview({ segmentId }: { segmentId: string }) {
  const templates = useLoad(() => campaignTemplates(), []);
  const [templateId, setTemplateId] = useState('');
  return (
    <section className="card" aria-label="Segment preview">
      <Field
        label="Preview through"
        htmlFor="seg-detail-template"
        help="The first rows of the segment as a campaign on this data template would send them."
      >
        <select id="seg-detail-template" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
          <option value="">Choose a data template</option>
          {(templates.data ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </Field>
      {templateId ? <Preview key={templateId} request={{ segmentId, templateId }} /> : null}
    </section>
  );
}
