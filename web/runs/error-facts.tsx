// A stored error (of a run, a step or a workflow action) as facts: what kind, the message, the hint, and
// TikTok's code and request id when TikTok answered (the request id is what TikTok support asks for).

import type { ReactNode } from 'react';
import { Facts } from '../components/ui';
import type { JsonObject } from './types';
import { ValueTable } from './values';

const KNOWN: [key: string, label: string][] = [
  ['kind', 'Kind'],
  ['name', 'Error'],
  ['code', 'TikTok code'],
  ['requestId', 'Request id'],
  ['endpoint', 'Endpoint'],
  ['httpStatus', 'HTTP status'],
  ['attempts', 'Attempts'],
];

/** The facts of an error; `detail` (safe counts such as rejects per reason) as a table under them. */
export function ErrorFacts({ error }: { error: JsonObject }) {
  const items: [string, ReactNode][] = KNOWN.filter(([k]) => {
    const v = error[k];
    // The class name says little once the kind is known, or when it only says a person must act.
    if (k === 'name' && (typeof error.kind === 'string' || v === 'ActionRequiredError')) return false;
    return typeof v === 'string' || typeof v === 'number';
  }).map(([k, label]) => [label, String(error[k] as string | number)]);
  const detail = error.detail;
  const text = (k: string) => (typeof error[k] === 'string' ? error[k] : null);
  return (
    <>
      {text('message') ? <p className="step-error">{text('message')}</p> : null}
      {text('hint') ? <p>{text('hint')}</p> : null}
      {items.length > 0 ? <Facts items={items} /> : null}
      {detail && typeof detail === 'object' && Object.keys(detail).length > 0 ? (
        <div className="report-section">
          <div>
            <h3>Details</h3>
            <ValueTable value={detail as JsonObject} />
          </div>
        </div>
      ) : null}
    </>
  );
}
