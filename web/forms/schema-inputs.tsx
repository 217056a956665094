// One input per generated field, labelled (`<label htmlFor>` or a fieldset legend), with its help text and
// its validation message next to it (role="alert", as the shared Field does).

import type { ReactNode } from 'react';
import type { FieldSpec, RawValue } from './schema-values';

/** The DOM id of a field's input in a form (`settings.advertiserId` -> `dst-settings-advertiserId`). */
export function inputId(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/\./g, '-')}`;
}

function Label({ spec, htmlFor }: { spec: FieldSpec; htmlFor: string }) {
  // The required mark stays outside the <label>, so that the field's name is its label alone (tests and
  // screen readers find "Name", not "Name *"); the input says aria-required.
  return (
    <div className="label-row">
      <label htmlFor={htmlFor}>{spec.label}</label>
      {spec.required ? (
        <span className="required" aria-hidden="true" title="required">
          *
        </span>
      ) : null}
    </div>
  );
}

function Help({ spec, id }: { spec: FieldSpec; id: string }) {
  const extra = spec.kind === 'list' ? 'Separate values with commas or new lines.' : '';
  const text = [spec.help, extra].filter(Boolean).join(' ');
  return text ? (
    <p className="help" id={`${id}-help`}>
      {text}
    </p>
  ) : null;
}

function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p className="field-error" role="alert" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

/** Props of one generated input. */
export interface FieldInputProps {
  spec: FieldSpec;
  id: string;
  value: RawValue | undefined;
  error: string | undefined;
  onChange: (value: RawValue) => void;
  disabled?: boolean;
}

/** A generated field: label, the input its schema calls for, help text and its message. */
export function FieldInput({ spec, id, value, error, onChange, disabled }: FieldInputProps): ReactNode {
  const described = [spec.help || spec.kind === 'list' ? `${id}-help` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    name: spec.name,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-required': spec.required || undefined,
    'aria-describedby': described || undefined,
  };
  const text = typeof value === 'string' ? value : '';
  const className = `field field-${spec.kind}${error ? ' has-error' : ''}`;

  if (spec.kind === 'checkbox') {
    return (
      <div className={className}>
        <label className="checkbox" htmlFor={id}>
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
          />
          {spec.label}
        </label>
        <Help spec={spec} id={id} />
        <ErrorText id={id} error={error} />
      </div>
    );
  }

  if (spec.kind === 'multi') {
    const ticked = Array.isArray(value) ? value : [];
    const toggle = (v: string, on: boolean) =>
      onChange((spec.options ?? []).map((o) => o.value).filter((o) => (o === v ? on : ticked.includes(o))));
    return (
      <fieldset className={`${className} choices`} aria-describedby={described || undefined}>
        <legend>{spec.label}</legend>
        <div className="choice-list">
          {(spec.options ?? []).map((o) => (
            <label className="checkbox" key={o.value} htmlFor={`${id}-${o.value}`}>
              <input
                id={`${id}-${o.value}`}
                type="checkbox"
                disabled={disabled}
                checked={ticked.includes(o.value)}
                onChange={(e) => toggle(o.value, e.target.checked)}
              />
              {o.label}
            </label>
          ))}
        </div>
        <Help spec={spec} id={id} />
        <ErrorText id={id} error={error} />
      </fieldset>
    );
  }

  let input: ReactNode;
  if (spec.kind === 'select') {
    input = (
      <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
        <option value="">{spec.required ? 'Choose…' : '(not set)'}</option>
        {(spec.options ?? []).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'textarea' || spec.kind === 'json' || spec.kind === 'list') {
    // Descriptions read as prose; SQL and JSON as code (monospace, taller).
    const prose = spec.kind === 'textarea' && !/sql|query/i.test(spec.key);
    input = (
      <textarea
        {...common}
        rows={prose || spec.kind === 'list' ? 2 : 6}
        className={prose ? 'prose' : undefined}
        value={text}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    const number = spec.kind === 'number' || spec.kind === 'integer';
    input = (
      <input
        {...common}
        type={spec.kind === 'password' ? 'password' : 'text'}
        inputMode={number ? (spec.kind === 'integer' ? 'numeric' : 'decimal') : undefined}
        autoComplete={spec.kind === 'password' ? 'new-password' : 'off'}
        value={text}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className={className}>
      <Label spec={spec} htmlFor={id} />
      {input}
      <Help spec={spec} id={id} />
      <ErrorText id={id} error={error} />
    </div>
  );
}
