import { TtadsError } from '../errors.js';
import type { FailureAction } from './types.js';

/**
 * A destination's failure that its own mapping ({@link DestinationSpec.failureAction}) turned into a workflow
 * action; the original error stays its `cause` (a TikTok error's safe fields are what the step records).
 */
export class DestinationFailure extends TtadsError {
  override name = 'DestinationFailure';
  constructor(failure: FailureAction, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), {
      code: failure.action,
      kind: 'action_required',
      action: failure.action,
      actionDetail: failure.detail,
      cause,
    });
  }
}
