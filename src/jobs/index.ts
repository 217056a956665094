// Public API of the workflow engine: workflows with steps and a status history, run by pg-boss workers.
export * from './types.js';
export { ACTION_TEXTS, buildAction } from './actions.js';
export {
  ActionRequiredError,
  TransientStepError,
  allRowsRejected,
  classifyStepError,
  errorJson,
  findTikTokError,
  tiktokDetail,
  type StepFailure,
} from './failure.js';
export { StepRegistry, type StepContext, type StepHandler, type StepResult } from './registry.js';
export { WorkflowEngine, type SettingsResolver, type WorkflowEngineOptions } from './engine.js';
export {
  DEFAULT_RETRY_BUDGET,
  retryDelaySeconds,
  runWorkflow,
  type RetryBudget,
  type RunOutcome,
  type RunnerDeps,
} from './runner.js';
export {
  InvalidScheduleError,
  WorkflowSchedules,
  type ScheduleFiring,
  type ScheduleHandler,
  type ScheduleInfo,
  type ScheduleSpec,
} from './schedules.js';
export {
  createWebhookNotifier,
  notificationFor,
  SIGNATURE_HEADER,
  signWebhookBody,
  verifyWebhookSignature,
  webhookTarget,
  type Notifier,
  type WebhookOptions,
  type WebhookTarget,
  type WorkflowNotification,
} from './notify.js';
export {
  getWorkflow,
  getWorkflowDetails,
  insertWorkflow,
  listOrphanedWorkflows,
  listSteps,
  listWorkflows,
  reopenWorkflow,
  WorkflowStateError,
  assertStopped,
  type NewWorkflow,
  type WorkflowFilter,
} from './workflow-repo.js';
export { claimWorkflow, LeaseLostError, type Claim, type ClaimResult } from './claim-repo.js';
export { listStatusChanges } from './history-repo.js';
export { startWorkerProcess, type WorkerProcess, type WorkerProcessOptions } from './worker-process.js';
