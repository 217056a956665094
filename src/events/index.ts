// Public API of the offline-events logic, for the sending engine.
export { REJECT_REASONS, isRejectReason, type EventReject, type RejectReason } from './reasons.js';
export * from './vocabulary.js';
export * from './settings.js';
export type { EventContent, EventRow, RowResult } from './event-row.js';
export { createEventRowSchema, createRowValidator, issuesToRejects, type EventRowSchema } from './schema.js';
export { deriveEventId, type EventIdInputs } from './event-id.js';
export { parseTimestamp, UNIX_MS_THRESHOLD } from './timestamp.js';
export { isValidTimeZone } from './timezone.js';
export * from './window.js';
export * from './grouping.js';
export * from './mapping.js';
export { describeReason, SEND_REJECT_REASONS, type SendRejectReason } from './reasons.js';
export { createFieldValidator } from './row-validator.js';
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
export { previewEvents, type EventPreviewRow, type EventsPreview } from './preview.js';
export type { Refusal } from './assembler.js';
