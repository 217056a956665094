// The API's answers these pages read (see GET /openapi.json); dates stay ISO strings.

/** When a recurring orchestration or campaign runs; null on the entity means on demand / one time. */
export interface Schedule {
  cron: string;
  timezone: string;
}

export interface Orchestration {
  id: string;
  name: string;
  description: string;
  sourceQuery: string;
  destinationId: string;
  templateId: string;
  schedule: Schedule | null;
  overrides: Record<string, unknown>;
  options: Record<string, unknown>;
  skipUnchanged: boolean;
  lastFingerprint?: string | null;
  lastFingerprintAt: string | null;
  lastSkippedAt: string | null;
  skippedRuns: number;
  createdAt: string;
  updatedAt: string;
}

export interface Campaign {
  id: string;
  name: string;
  description: string;
  /** The segment sent (GET /api/segments). */
  segmentId: string;
  templateId: string;
  /** Null: the segment's default types, else EMAIL and PHONE. */
  idTypes: string[] | null;
  audienceName: string | null;
  schedule: Schedule | null;
  oneTime: boolean;
  controlGroupPercent: number;
  controlGroupSeed: string;
  controlGroupKey: string | null;
  options: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/**
 * A segment: the audience campaigns send, defined by admins. Business users get id, name, description and
 * id types only (the other fields are absent from their answers).
 */
export interface Segment {
  id: string;
  name: string;
  description: string;
  idTypes: string[] | null;
  sourceQuery?: string;
  columns?: Record<string, string>;
  openToBusinessUsers?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export interface Destination {
  id: string;
  name: string;
  plugin: string;
}

export interface Template {
  id: string;
  name: string;
  destinationId: string;
  plugin: string;
  settings: Record<string, unknown>;
  campaignOffer?: { offered: boolean; reasons: string[] };
}

export interface Workflow {
  id: string;
  kind: string;
  subject: Record<string, unknown>;
  status: string;
  currentStep: string | null;
  input?: Record<string, unknown>;
  runs?: number;
  createdAt: string;
  finishedAt?: string | null;
}

/** The user ID types a campaign may send (the API's enum). */
export const ID_TYPES = ['EMAIL', 'PHONE', 'AAID', 'IDFA'] as const;
