import type { ActionLink, JsonObject, WorkflowAction, WorkflowActionType } from './types.js';

const BUSINESS_CENTER: ActionLink = { label: 'TikTok Business Center', url: 'https://business.tiktok.com/' };
const ADS_MANAGER: ActionLink = { label: 'TikTok Ads Manager', url: 'https://ads.tiktok.com/' };
const DEVELOPER_PORTAL: ActionLink = {
  label: 'TikTok for Business developer portal',
  url: 'https://business-api.tiktok.com/portal',
};
const RESOLVE = 'Return to the workflow action, and then click Resolve to retry this workflow.';

interface ActionText {
  title: string;
  whatHappened: string;
  likelyCauses: string[];
  stepsToFix: string[];
  links?: ActionLink[];
}

/**
 * The texts of every workflow action. The first three follow the TikTok Ads destination's documentation
 * (seed: "Workflow actions"); the others are ours, written the same way.
 */
export const ACTION_TEXTS: Readonly<Record<WorkflowActionType, ActionText>> = {
  advertiser_not_found: {
    title: 'Advertiser not found',
    whatHappened:
      'Data may only be sent to an advertiser account ID that already exists within TikTok Ads Manager, ' +
      'and TikTok could not find the advertiser account ID of this workflow.',
    likelyCauses: [
      'A configuration issue related to the destination or the data template that is associated with that destination.',
      'An advertiser account ID that is not associated with an approved advertising account in TikTok Ads Manager.',
    ],
    stepsToFix: [
      'Open the Destinations page in a new browser tab. Review the configuration for the destination and data template that is associated with this workflow.',
      'Open TikTok Business Center and verify that the advertising account exists, is approved, and has a valid advertiser account ID.',
      'Update the configuration to match the correct advertiser account ID.',
      RESOLVE,
    ],
    links: [BUSINESS_CENTER],
  },
  invalid_credentials: {
    title: 'Invalid credentials',
    whatHappened:
      'TikTok refused the credentials of this destination: the access token is invalid, expired or revoked.',
    likelyCauses: [
      'The authorization was revoked in TikTok, or the business user who authorized it was removed from the ad account.',
      'The app secret was reset, or the credential belongs to another TikTok app.',
      'The destination uses a different credential than intended.',
    ],
    stepsToFix: [
      'Open the Credentials page and reauthorize the credential used by this destination: generate a new authorization link and have a business user with the Operator role open it.',
      'If the destination should use another credential, open the Destinations page and select the right one.',
      RESOLVE,
    ],
    links: [BUSINESS_CENTER],
  },
  missing_advertiser_permissions: {
    title: 'Missing advertiser permissions',
    whatHappened:
      'The business user that provides the credentials to manage audiences and events in TikTok Ads Manager ' +
      'does not have permission to do so on this advertiser. That business user must be assigned to the Admin ' +
      'or Operator (recommended) role.',
    likelyCauses: [
      'The business user who authorized the credential has the Analyst role, which cannot manage audiences.',
      'The authorization did not grant the audience or event scopes, or the role was changed after authorizing.',
    ],
    stepsToFix: [
      'Open TikTok Business Center and verify the role to which the business user that provides the credentials is assigned. The business user must be assigned to the Operator role.',
      'Open the Credentials page in a new tab, and regenerate the authorization link for the business user who is assigned to the Operator role.',
      RESOLVE,
    ],
    links: [BUSINESS_CENTER],
  },
  maximum_audience_limit: {
    title: 'Maximum audience limit',
    whatHappened:
      'TikTok refused to create the custom audience because the advertiser account has reached its limit of ' +
      'custom audiences (about 400 per account).',
    likelyCauses: [
      'The account holds many custom audiences that are no longer used; audiences are never deleted automatically.',
      'A changing custom audience name (for example with a date in it) creates a new audience at every run.',
    ],
    stepsToFix: [
      'Open TikTok Ads Manager, go to Audiences, and delete custom audiences that are no longer used.',
      'Make sure the custom audience name of the destination or data template is stable, so that runs update one audience.',
      RESOLVE,
    ],
    links: [ADS_MANAGER],
  },
  tiktok_unavailable: {
    title: 'TikTok unavailable',
    whatHappened:
      'TikTok kept failing or throttling the requests of this workflow, and every retry of the retry budget failed too.',
    likelyCauses: [
      'An outage or maintenance of the TikTok Business API.',
      'Too many requests for the app (QPS limit), for example several large workflows running at once.',
      'A network problem between this service and TikTok.',
    ],
    stepsToFix: [
      'Wait a while; TikTok outages are usually short.',
      'If requests were throttled, lower the requests-per-second setting or run fewer large workflows at once.',
      'Click Resolve to continue this workflow from the step that stopped; nothing TikTok acknowledged is sent again.',
    ],
  },
  invalid_input: {
    title: 'Invalid input',
    whatHappened: 'Every row of the source was rejected, so nothing could be sent.',
    likelyCauses: [
      'The query returns the wrong columns, or columns named differently than the destination expects.',
      'The values are in an unexpected format (for example phone numbers without a country code and no default region).',
      'The query returned rows that are all outside the allowed window (offline events must be within the previous 28 days).',
    ],
    stepsToFix: [
      'Review the rejection reasons in the workflow details, and download the rejects of the run to see the rejected values as read.',
      'Fix the query or the column mapping of the orchestration or campaign.',
      RESOLVE,
    ],
  },
  audience_owned: {
    title: 'Audience owned by another orchestration or campaign',
    whatHappened:
      'The custom audience of this workflow belongs to another orchestration or campaign, the one that synced it ' +
      'first, so nothing was sent: a sync would have replaced or changed the members that its runs keep.',
    likelyCauses: [
      'The custom audience name of this campaign, or of its data template, is the name of an audience that is used elsewhere.',
      'The audience was handed over to another orchestration or campaign.',
    ],
    stepsToFix: [
      'Give this orchestration or campaign a custom audience name of its own.',
      'Or, if this workflow should keep that audience, ask an admin to hand the audience over to it.',
      RESOLVE,
    ],
  },
  app_not_approved: {
    title: 'TikTok app not approved for this API',
    whatHappened:
      'TikTok refused the request because the TikTok app of this credential is not approved (allowlisted) for ' +
      'the API it called. The audience (Segment) API in particular needs TikTok’s approval of the app.',
    likelyCauses: [
      'The app was created recently and TikTok has not approved it for the audience or events API yet.',
      'The credential belongs to another app than the one TikTok approved.',
    ],
    stepsToFix: [
      'Open the TikTok for Business developer portal, open the app, and check which APIs it is approved for.',
      'Ask your TikTok representative to allowlist the app for the Custom Audience (Segment) API, or use a credential of an approved app.',
      RESOLVE,
    ],
    links: [DEVELOPER_PORTAL],
  },
  missing_scope: {
    title: 'Missing scope',
    whatHappened:
      'TikTok refused the request because the authorization does not grant a scope (permission of the app) that ' +
      'this call needs.',
    likelyCauses: [
      'The app does not have the Audience Management or Reporting (events) scope enabled.',
      'The scope was added to the app after the credential was authorized.',
    ],
    stepsToFix: [
      'Open the TikTok for Business developer portal and enable the Audience Management and events scopes of the app.',
      'Open the Credentials page and reauthorize the credential, so that the new authorization grants the scopes.',
      RESOLVE,
    ],
    links: [DEVELOPER_PORTAL],
  },
  tiktok_daily_limit: {
    title: 'TikTok daily limit reached',
    whatHappened:
      'The TikTok app has spent its daily quota of requests (QPD); TikTok refuses further requests until the quota ' +
      'resets at 00:00 UTC. Everything acknowledged so far is kept.',
    likelyCauses: [
      'Very large syncs or event sends, or several tools sharing the same TikTok app.',
      'A quota tier setting that is higher than the tier TikTok granted the app.',
    ],
    stepsToFix: [
      'Nothing to do: after 00:00 UTC the workflow continues by itself where it stopped.',
      'To continue it sooner (for example once TikTok raised the app’s tier), click Resolve.',
      'To avoid it, spread large runs over several days or ask TikTok for a higher tier.',
    ],
  },
};

/** Builds the workflow action of a type for a step, with what happened made specific when a detail is known. */
export function buildAction(
  type: WorkflowActionType,
  opts: { step: string; error?: JsonObject; detail?: string; resumesAt?: Date | undefined },
): WorkflowAction {
  const text = ACTION_TEXTS[type];
  return {
    type,
    title: text.title,
    whatHappened: opts.detail ? `${text.whatHappened} ${opts.detail}` : text.whatHappened,
    likelyCauses: [...text.likelyCauses],
    stepsToFix: [...text.stepsToFix],
    ...(text.links ? { links: text.links.map((l) => ({ ...l })) } : {}),
    step: opts.step,
    ...(opts.error ? { error: opts.error } : {}),
    ...(opts.resumesAt ? { resumesAt: opts.resumesAt.toISOString() } : {}),
  };
}
