/** TikTok attributes offline events of the previous 28 days only (28-day click-through window). */
export const MAX_EVENT_AGE_DAYS = 28;
/** How far in the future an event may be, to tolerate clocks of source systems running slightly ahead. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;

export interface EventWindow {
  /** Oldest accepted event time, epoch milliseconds (inclusive). */
  earliestMs: number;
  /** Latest accepted event time, epoch milliseconds (inclusive). */
  latestMs: number;
}

/**
 * The accepted range of event times at `nowMs`: from exactly {@link MAX_EVENT_AGE_DAYS} days ago to
 * `clockSkewSeconds` ahead, both ends included.
 */
export function eventWindow(nowMs: number, clockSkewSeconds = DEFAULT_CLOCK_SKEW_SECONDS): EventWindow {
  return {
    earliestMs: nowMs - MAX_EVENT_AGE_DAYS * 86_400_000,
    latestMs: nowMs + clockSkewSeconds * 1000,
  };
}

/** True when an event at `eventMs` may be sent at `nowMs` (see {@link eventWindow}). */
export function isWithinWindow(
  eventMs: number,
  nowMs: number,
  clockSkewSeconds = DEFAULT_CLOCK_SKEW_SECONDS,
): boolean {
  const { earliestMs, latestMs } = eventWindow(nowMs, clockSkewSeconds);
  return eventMs >= earliestMs && eventMs <= latestMs;
}
