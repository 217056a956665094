// The data template a segment is previewed through (the form's preview and the detail page's).
import { Field } from '../components/ui';

/** A select of data templates offered to campaigns, with an empty "Choose" option. */
export function TemplateSelect(props: {
  id: string;
  help: string;
  templates: readonly { id: string; name: string }[];
  value: string;
  onChange: (templateId: string) => void;
}) {
  return (
    <Field label="Preview through" htmlFor={props.id} help={props.help}>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">Choose a data template</option>
        {props.templates.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
