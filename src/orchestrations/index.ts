/**
 * Orchestrations and campaigns: the glue between the control plane (src/config), the engines (audiences,
 * events) and the workflows (src/jobs). Each run is a workflow whose settings snapshot holds ids and settings,
 * never secrets; credentials are read when a step runs, so a reauthorization takes effect on Resolve.
 */
export * from './errors.js';
export type { AppControlDeps, OrchestrationDeps, RunnableStoreDeps } from './deps.js';
export { isTimeZone, scheduleSchema, type Schedule } from './schedule.js';
export {
  campaignInputSchema,
  orchestrationInputSchema,
  unknownCampaignKey,
  type CampaignInput,
  type CampaignPatch,
  type OrchestrationInput,
  type OrchestrationPatch,
} from './schema.js';
export { parseRunOptions } from './run-options.js';
export * from './orchestrations.js';
export {
  AudienceOwned,
  assertAudienceFree,
  audienceOf,
  claimAudience,
  getAudienceOwner,
  listAudienceOwners,
  transferAudience,
  type AudienceOwner,
  type AudienceRef,
  type RunnableRef,
} from './audience-owners.js';
export {
  campaignTarget,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  updateCampaign,
  type Campaign,
  type CampaignSaveOptions,
} from './campaigns.js';
export {
  campaignRunSettings,
  orchestrationRunSettings,
  readRunSettings,
  runSettingsResolver,
  type RunSettings,
} from './run-settings.js';
export type { ControlGroupSpec } from './control-group.js';
export { listControlGroups, type ControlGroupRecord, type StoredControlGroup } from './control-group-repo.js';
export { runFingerprint, sourceFingerprint } from './fingerprint.js';
export { applySchedule, scheduleKey, syncSchedules, type ScheduleRegistry } from './scheduling.js';
export { STEPS } from './step-support.js';
export { buildStepRegistry, RunSettingsError, stepsFor } from './steps.js';
export {
  runCampaignNow,
  runOrchestrationNow,
  scheduleHandler,
  workflowFor,
  type RunNowDeps,
  type ScheduleHandlerDeps,
} from './run.js';
export {
  orchestrationEngineOptions,
  orchestrationWorkerOptions,
  type OrchestrationEngineOptions,
} from './engine-options.js';
export { segmentInputSchema, type SegmentInput, type SegmentPatch } from './segment-schema.js';
export {
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  segmentSettings,
  updateSegment,
  withSegmentColumns,
  type Segment,
} from './segments.js';
