import type {
  campaignOffer,
  ConnectionReport,
  Credential,
  CredentialInput,
  CredentialPatchInput,
  DataTemplate,
  Destination,
  DestinationInput,
  DestinationPatch,
  TemplateInput,
  TemplatePatch,
} from '../config/index.js';
import type { WorkflowDetails, WorkflowRecord, WorkflowStatus } from '../jobs/index.js';
import type {
  AudienceOwner,
  AudienceRef,
  Campaign,
  CampaignInput,
  CampaignPatch,
  Orchestration,
  OrchestrationInput,
  OrchestrationPatch,
  RunnableRef,
  Segment,
  SegmentInput,
  SegmentPatch,
} from '../orchestrations/index.js';
import type { ApiKeyInfo, ApiRole } from '../server/api-keys.js';

// What the control-plane commands call, written once: `control-api-local.ts` calls the engines on a store this
// process opened; `control-api-http.ts` calls the `/api` routes of a running `ttads serve` (`--server`). Both
// answer the same shapes (dates as Date), so a command prints the same text either way.

/** API keys (admins). */
export interface ApiKeysApi {
  list(): Promise<ApiKeyInfo[]>;
  /** The key in clear text is in the answer only. */
  create(input: { name: string; role: ApiRole }): Promise<{ id: string; key: string }>;
  /** @throws a not_found error when no active key has this id. */
  revoke(id: string): Promise<void>;
}

/** A shareable authorization link of a credential. */
export interface AuthorizationLinkView {
  linkId: string;
  credentialId: string;
  url: string;
  expiresAt: Date;
  redirectUri: string;
}

/** Credentials (admins); secrets are never answered. */
export interface CredentialsApi {
  list(): Promise<Credential[]>;
  get(id: string): Promise<Credential>;
  create(input: CredentialInput): Promise<Credential>;
  update(id: string, patch: CredentialPatchInput): Promise<Credential>;
  delete(id: string): Promise<void>;
  /** `publicUrl`: where the OAuth callback goes; a server uses its own and refuses another. */
  link(
    id: string,
    opts: { publicUrl?: string | undefined; ttlHours?: number | undefined },
  ): Promise<AuthorizationLinkView>;
  /** The ids revoked; with `linkId`, a not_found error when that link is not usable. */
  revokeLinks(id: string, linkId?: string): Promise<string[]>;
  check(id: string): Promise<Credential>;
}

/** A destination or template saved, with the connection test that allowed it. */
export interface Saved<T> {
  saved: T;
  connection: ConnectionReport | null;
}

/** Destinations. */
export interface DestinationsApi {
  /** `plugin`: an id or alias of the control plane's registry. */
  list(filter: { plugin?: string | undefined }): Promise<Destination[]>;
  get(id: string): Promise<Destination>;
  create(input: DestinationInput): Promise<Saved<Destination>>;
  update(id: string, patch: DestinationPatch): Promise<Saved<Destination>>;
  delete(id: string): Promise<void>;
  test(id: string): Promise<ConnectionReport>;
}

/** A data template with whether it is offered to campaigns. */
export type TemplateView = DataTemplate & { plugin: string; campaignOffer: ReturnType<typeof campaignOffer> };

/** Data templates. */
export interface TemplatesApi {
  list(filter: { destinationId?: string | undefined }): Promise<TemplateView[]>;
  get(id: string): Promise<TemplateView>;
  create(input: TemplateInput): Promise<Saved<TemplateView>>;
  update(id: string, patch: TemplatePatch): Promise<Saved<TemplateView>>;
  delete(id: string): Promise<void>;
}

/** Workflows. */
export interface WorkflowsApi {
  list(filter: { status?: WorkflowStatus[]; kind?: string; limit: number }): Promise<WorkflowRecord[]>;
  /** @throws a not_found error for an unknown id. */
  show(id: string): Promise<WorkflowDetails>;
  resolve(id: string): Promise<WorkflowRecord>;
}

/** A run started: the workflow, and whether it has stopped (it ran here, or was waited for). */
export interface RunOutcome {
  workflow: WorkflowDetails | WorkflowRecord;
  stopped: boolean;
}

/** How a run is started: `here` runs it in this process (local only); `wait` waits until it stops. */
export interface RunRequest {
  here?: boolean | undefined;
  wait?: boolean | undefined;
}

/** Orchestrations and campaigns: saved with their schedules, run as workflows. */
export interface RunnableApi<T, Input, Patch> {
  list(): Promise<T[]>;
  get(id: string): Promise<T>;
  create(input: Input): Promise<T>;
  update(id: string, patch: Patch): Promise<T>;
  delete(id: string): Promise<void>;
  run(id: string, request: RunRequest): Promise<RunOutcome>;
}

/** Segments (admins define them). */
export interface SegmentsApi {
  list(): Promise<Segment[]>;
  get(id: string): Promise<Segment>;
  create(input: SegmentInput): Promise<Segment>;
  update(id: string, patch: SegmentPatch): Promise<Segment>;
  delete(id: string): Promise<void>;
}

/** Who keeps each custom audience. */
export interface AudienceOwnersApi {
  list(filter: { advertiserId?: string | undefined }): Promise<AudienceOwner[]>;
  transfer(audience: AudienceRef, to: RunnableRef): Promise<AudienceOwner>;
}

/** The whole control plane as the CLI drives it, on a local store or a running server. */
export interface ControlApi {
  /** `local`: this process opened the store; otherwise the server's URL. */
  where: 'local' | { server: string };
  apiKeys: ApiKeysApi;
  credentials: CredentialsApi;
  destinations: DestinationsApi;
  templates: TemplatesApi;
  workflows: WorkflowsApi;
  segments: SegmentsApi;
  audienceOwners: AudienceOwnersApi;
  orchestrations: RunnableApi<Orchestration, OrchestrationInput, OrchestrationPatch>;
  campaigns: RunnableApi<Campaign, CampaignInput, CampaignPatch>;
}
