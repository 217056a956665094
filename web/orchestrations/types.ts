// The API's answers these pages read, as generated from GET /openapi.json (web/api/schema.gen.ts); dates
// stay ISO strings.
import type { Schema } from '../api/types';

/** When a recurring orchestration or campaign runs; null on the entity means on demand / one time. */
export type Schedule = Schema<'Schedule'>;

export type Orchestration = Schema<'Orchestration'>;

/** A campaign: a segment sent through a data template (business users too). */
export type Campaign = Schema<'Campaign'>;

/**
 * A segment: the audience campaigns send, defined by admins. Business users get id, name, description and
 * id types only (the other fields are absent from their answers).
 */
export type Segment = Schema<'Segment'>;

export type Destination = Schema<'Destination'>;

export type Template = Schema<'Template'>;

/** A workflow as listed by GET /api/workflows. */
export type Workflow = Schema<'Workflow'>;

/** The workflow a run-now call started (POST /api/orchestrations/:id/run, /api/campaigns/:id/run). */
export type StartedWorkflow = Schema<'StartedWorkflow'>;

/** The user ID types a campaign may send (the API's enum). */
export const ID_TYPES = ['EMAIL', 'PHONE', 'AAID', 'IDFA'] as const;
