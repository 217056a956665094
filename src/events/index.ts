// Public API of the offline-events logic, for the sending engine.
export {
  CONTENT_TYPES,
  describeReason,
  EVENT_CHANNELS,
  EVENT_FIELDS,
  EVENT_NAMES,
  EVENT_SOURCES,
  isRejectReason,
  LEGACY_EVENTS,
  REJECT_REASONS,
  SEND_REJECT_REASONS,
  STANDARD_EVENTS,
  type EventChannel,
  type EventField,
  type EventReject,
  type EventSource,
  type RejectReason,
  type SendRejectReason,
} from './vocabulary.js';
export * from './settings.js';
export {
  deriveEventId,
  type EventContent,
  type EventIdInputs,
  type EventRow,
  type RowResult,
} from './event-row.js';
export { createEventRowSchema, issuesToRejects, type EventRowSchema } from './schema.js';
export { createFieldValidator, createRowValidator } from './row-validator.js';
export {
  DEFAULT_CLOCK_SKEW_SECONDS,
  eventWindow,
  isValidTimeZone,
  isWithinWindow,
  MAX_EVENT_AGE_DAYS,
  parseTimestamp,
  UNIX_MS_THRESHOLD,
  type EventWindow,
} from './event-time.js';
export * from './grouping.js';
export * from './mapping.js';
export {
  EventsRunError,
  sendEvents,
  type SendEventsDeps,
  type SendEventsOptions,
  type SendProgress,
} from './send-events.js';
export type { EventsReport } from './report.js';
export { EventJournal, JOURNAL_FILE, JournalLockedError, journalKey, type JournalEntry } from './journal.js';
export { RefusalStreakError } from './sender.js';
export { EVENT_FIELD_ALIASES, requiredEventFields } from './staging.js';
export { startStaging, type StagingInput, type StagingRun } from './staging-start.js';
export { previewEvents, type EventPreviewRow, type EventsPreview } from './preview.js';
export type { Refusal } from './assembler.js';
