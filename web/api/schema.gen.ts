// GENERATED from the server's OpenAPI document (GET /openapi.json) by scripts/api-types.ts: do not edit.
// Regenerate with `npm run gen:api-types` after changing a route's zod schemas (a test fails until then).

export interface paths {
  '/api/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List API keys, newest first (never the keys themselves) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              apiKeys: components['schemas']['ApiKey'][];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** Create an API key; the answer holds the key, the only time it is ever shown */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            role: components['schemas']['ApiRole'];
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['CreatedApiKey'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key at once (not the one making the request) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              apiKey: components['schemas']['ApiKey'];
              id: string;
              /** @constant */
              revoked: true;
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audience-owners': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List owned custom audiences and the orchestration or campaign each belongs to */
    get: {
      parameters: {
        query?: {
          advertiserId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              audiences: components['schemas']['AudienceOwner'][];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/audience-owners/transfer': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Hand a custom audience over to another orchestration or campaign (404 when that one does not exist); its runs may then sync the audience and others are refused with 409 */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The advertiser the audience is found under (the first) */
            advertiserId: string;
            /** @description The exact custom audience name */
            audienceName: string;
            /** @description The orchestration or campaign that keeps the audience from now on */
            to: {
              id: string;
              /** @enum {string} */
              kind: 'orchestration' | 'campaign';
            };
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AudienceOwner'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/campaigns': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List campaigns by name (business users: those on templates offered to campaigns) */
    get: {
      parameters: {
        query?: {
          templateId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              campaigns: components['schemas']['Campaign'][];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** Create a campaign: a segment (business users: one opened to them) sent to a data template offered to campaigns */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /**
             * @description Custom audience name for this campaign; null uses the data template's
             * @default null
             */
            audienceName?: string | null;
            /**
             * @description Column that identifies a person for the control group draw (e.g. customer_id); null: the normalised email, else the phone digits
             * @default null
             */
            controlGroupKey?: string | null;
            /**
             * @description Share of the audience held out as a control group (0 to 50): never sent, recorded so that lift can be measured
             * @default 0
             */
            controlGroupPercent?: number;
            /** @description Seed of the control group draw; the same seed holds out the same people (generated when absent) */
            controlGroupSeed?: string;
            /**
             * @description What it is for
             * @default
             */
            description?: string;
            /**
             * @description User ID types sent; null: the segment's default types, else EMAIL and PHONE
             * @default null
             */
            idTypes?: ('AAID' | 'EMAIL' | 'IDFA' | 'PHONE')[] | null;
            /** @description Name of the campaign, unique, e.g. "Spring sale - lapsed buyers" */
            name: string;
            /**
             * @description How the audience is read: {mode, defaultRegion, batchSize, columns}; columns add to the segment's mapping
             * @default {}
             */
            options?: {
              [key: string]: unknown;
            };
            /**
             * @description Recurring: a cron expression in a time zone; null: a one-time campaign, sent when run
             * @default null
             */
            schedule?: {
              /** @description Cron expression with 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), e.g. "0 6 * * *" for every day at 06:00 */
              cron: string;
              /**
               * @description IANA time zone the cron expression is read in (daylight-saving changes follow it)
               * @default UTC
               */
              timezone?: string;
            } | null;
            /** @description The segment sent (GET /api/segments; business users: one opened to them) */
            segmentId: string;
            /** @description A data template offered to campaigns (custom audiences only); its destination is used */
            templateId: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Campaign'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/campaigns/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One campaign */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Campaign'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a campaign and its schedule; its workflows and recorded control groups stay */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @constant */
              deleted: true;
              id: string;
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a campaign, with the checks of create; the control-group seed is kept unless given */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Custom audience name for this campaign; null uses the data template's */
            audienceName?: string | null;
            /** @description Column that identifies a person for the control group draw (e.g. customer_id); null: the normalised email, else the phone digits */
            controlGroupKey?: string | null;
            /** @description Share of the audience held out as a control group (0 to 50): never sent, recorded so that lift can be measured */
            controlGroupPercent?: number;
            /** @description Seed of the control group draw; the same seed holds out the same people (generated when absent) */
            controlGroupSeed?: string;
            /** @description What it is for */
            description?: string;
            /** @description User ID types sent; null: the segment's default types, else EMAIL and PHONE */
            idTypes?: ('AAID' | 'EMAIL' | 'IDFA' | 'PHONE')[] | null;
            /** @description Name of the campaign, unique, e.g. "Spring sale - lapsed buyers" */
            name?: string;
            /** @description How the audience is read: {mode, defaultRegion, batchSize, columns}; columns add to the segment's mapping */
            options?: {
              [key: string]: unknown;
            };
            /** @description Recurring: a cron expression in a time zone; null: a one-time campaign, sent when run */
            schedule?: {
              /** @description Cron expression with 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), e.g. "0 6 * * *" for every day at 06:00 */
              cron: string;
              /**
               * @description IANA time zone the cron expression is read in (daylight-saving changes follow it)
               * @default UTC
               */
              timezone?: string;
            } | null;
            /** @description The segment sent (GET /api/segments; business users: one opened to them) */
            segmentId?: string;
            /** @description A data template offered to campaigns (custom audiences only); its destination is used */
            templateId?: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Campaign'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    trace?: never;
  };
  '/api/campaigns/{id}/run': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send now: creates and enqueues its workflow (a one-time campaign is sent once) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['StartedWorkflow'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/credentials': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List credentials (never their secrets) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              credentials: components['schemas']['Credential'][];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** Create a pending credential for a TikTok app; authorize it with an authorization link */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description App ID of the TikTok for Business developer app (Developer portal, My apps) */
            appId: string;
            /** @description Secret of the TikTok developer app; stored encrypted */
            appSecret: string;
            /** @description Name of the credential, unique, e.g. "TikTok Ads - US brand" */
            name: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Credential'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/credentials/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One credential, with its authorized advertisers */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Credential'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a credential no destination uses */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @constant */
              deleted: true;
              id: string;
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    /** Rename, replace the app secret, or change the app id (which needs a new authorization) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description App ID of the TikTok for Business developer app (Developer portal, My apps) */
            appId?: string;
            /** @description Secret of the TikTok developer app; stored encrypted */
            appSecret?: string;
            /** @description Name of the credential, unique, e.g. "TikTok Ads - US brand" */
            name?: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Credential'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    trace?: never;
  };
  '/api/credentials/{id}/authorization-link': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A shareable, single-use authorization link; whoever opens it authorizes the credential */
    post: {
      parameters: {
        query?: {
          ttlHours?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AuthorizationLink'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/credentials/{id}/authorization-links': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The authorization links of a credential still usable (not used, revoked or expired) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              links: components['schemas']['OutstandingAuthorizationLink'][];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    /** Revoke every usable authorization link of a credential (e.g. one sent to the wrong person) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Ids of the links revoked */
              revoked: string[];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/credentials/{id}/authorization-links/{linkId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke one usable authorization link */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          linkId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Ids of the links revoked */
              revoked: string[];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/credentials/{id}/check': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Check that the token still works and refresh the authorized advertisers */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Credential'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/credentials/{id}/reauthorize': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A new authorization link; its callback replaces the token in place (destinations keep working) */
    post: {
      parameters: {
        query?: {
          ttlHours?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              credential: components['schemas']['Credential'];
              credentialId: string;
              expiresAt: string;
              /** @description Revoke the link with DELETE /api/credentials/{id}/authorization-links/{linkId} */
              linkId: string;
              /** @description Must be a redirect URI of the TikTok app */
              redirectUri: string;
              /** @description Open it (or send it to the TikTok account holder): it works once, until expiresAt */
              url: string;
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/destinations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List destinations (business users: only those opened to them or to campaigns) */
    get: {
      parameters: {
        query?: {
          plugin?: 'tiktok_custom_audiences' | 'tiktok_events' | 'tiktok_offline_events';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              destinations: components['schemas']['Destination'][];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** Create a destination; its connection is tested first and a failure refuses it (422) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json':
            | {
                /**
                 * @description Make this destination available to campaigns (custom audiences only)
                 * @default false
                 */
                availableToCampaigns?: boolean;
                /**
                 * @description Allow business users to use this destination (they never see its credential)
                 * @default false
                 */
                businessUserAccess?: boolean;
                /** @description The credential (TikTok OAuth authorization) used to send data to TikTok Ads Manager */
                credentialId: string;
                /**
                 * @description What the destination is for, e.g. "Send custom audiences to TikTok Ads Manager."
                 * @default
                 */
                description?: string;
                /** @description Name of the destination, unique, e.g. "TikTok Ads Manager custom audiences" */
                name: string;
                /**
                 * @description TikTok custom audiences
                 * @constant
                 */
                plugin: 'tiktok_custom_audiences';
                /**
                 * @description Settings of TikTok custom audiences; templates may fill the rest
                 * @default {}
                 */
                settings?: {
                  /** @description Other advertiser IDs of the same TikTok business account that the custom audience is also mapped to (optional; one send can map the same audience across several advertiser accounts of one business). */
                  additionalAdvertiserIds?: string[];
                  /** @description The advertiser ID of the TikTok Ads Manager account: a nineteen-character numeric string similar to "7654321098765432109". It is available from the drop-down menu in the top right of TikTok Ads Manager. */
                  advertiserId?: string;
                  /** @description The name of the custom audience to be managed. If a custom audience already exists, the list of customers in that audience is updated to match the list sent; if it does not exist, it is added. Custom audiences are never deleted. Up to 400 visible characters. */
                  customAudienceName?: string;
                  /** @description The user ID types sent: AAID (Google), EMAIL (email addresses), IDFA (Apple) or PHONE (phone numbers). EMAIL and PHONE are sent by default for campaigns; EMAIL most often leads to the best match rates. */
                  userIdTypes?: ('AAID' | 'EMAIL' | 'IDFA' | 'PHONE')[];
                };
              }
            | {
                /**
                 * @description Make this destination available to campaigns (custom audiences only)
                 * @default false
                 */
                availableToCampaigns?: boolean;
                /**
                 * @description Allow business users to use this destination (they never see its credential)
                 * @default false
                 */
                businessUserAccess?: boolean;
                /** @description The credential (TikTok OAuth authorization) used to send data to TikTok Ads Manager */
                credentialId: string;
                /**
                 * @description What the destination is for, e.g. "Send custom audiences to TikTok Ads Manager."
                 * @default
                 */
                description?: string;
                /** @description Name of the destination, unique, e.g. "TikTok Ads Manager custom audiences" */
                name: string;
                /**
                 * @description TikTok events (offline and web)
                 * @constant
                 */
                plugin: 'tiktok_events';
                /**
                 * @description Settings of TikTok events (offline and web); templates may fill the rest
                 * @default {}
                 */
                settings?: {
                  /** @description The advertiser ID of the TikTok Ads Manager account: a nineteen-character numeric string similar to "7654321098765432109". It is available from the drop-down menu in the top right of TikTok Ads Manager. */
                  advertiserId?: string;
                  /** @description The event set that events are sent to. Offline events: the offline event set ID, a nineteen-character numeric string similar to "7654321098765432109"; the event set must exist before data is sent to it: in TikTok Ads Manager open Assets, then Events, then Manage in the Offline box; the ID is under the name of each event set. Web events: the pixel code, e.g. "CEMULATORPIXEL0000001" (Assets, Events, Web events); no offline event set is needed. If it is not set on the destination or the data template, it must be given at orchestration. */
                  eventSetId?: string;
                  /**
                   * @description The type of events uploaded: "web" for events that took place on your website and were collected using the payload helper, or "offline" for events that took place in a physical store and are measured by an offline event set ID.
                   * @enum {string}
                   */
                  eventSource?: 'web' | 'offline';
                  /** @description Web events only: the TikTok pixel code that web events are sent to. An alias of the event set ID when the event source is web (set either, not both); it may also name the pixel of the web rows of an offline destination. */
                  pixelCode?: string;
                };
              }
            | {
                /**
                 * @description Make this destination available to campaigns (custom audiences only)
                 * @default false
                 */
                availableToCampaigns?: boolean;
                /**
                 * @description Allow business users to use this destination (they never see its credential)
                 * @default false
                 */
                businessUserAccess?: boolean;
                /** @description The credential (TikTok OAuth authorization) used to send data to TikTok Ads Manager */
                credentialId: string;
                /**
                 * @description What the destination is for, e.g. "Send custom audiences to TikTok Ads Manager."
                 * @default
                 */
                description?: string;
                /** @description Name of the destination, unique, e.g. "TikTok Ads Manager custom audiences" */
                name: string;
                /**
                 * @description TikTok events (offline and web)
                 * @constant
                 */
                plugin: 'tiktok_offline_events';
                /**
                 * @description Settings of TikTok events (offline and web); templates may fill the rest
                 * @default {}
                 */
                settings?: {
                  /** @description The advertiser ID of the TikTok Ads Manager account: a nineteen-character numeric string similar to "7654321098765432109". It is available from the drop-down menu in the top right of TikTok Ads Manager. */
                  advertiserId?: string;
                  /** @description The event set that events are sent to. Offline events: the offline event set ID, a nineteen-character numeric string similar to "7654321098765432109"; the event set must exist before data is sent to it: in TikTok Ads Manager open Assets, then Events, then Manage in the Offline box; the ID is under the name of each event set. Web events: the pixel code, e.g. "CEMULATORPIXEL0000001" (Assets, Events, Web events); no offline event set is needed. If it is not set on the destination or the data template, it must be given at orchestration. */
                  eventSetId?: string;
                  /**
                   * @description The type of events uploaded: "web" for events that took place on your website and were collected using the payload helper, or "offline" for events that took place in a physical store and are measured by an offline event set ID.
                   * @enum {string}
                   */
                  eventSource?: 'web' | 'offline';
                  /** @description Web events only: the TikTok pixel code that web events are sent to. An alias of the event set ID when the event source is web (set either, not both); it may also name the pixel of the web rows of an offline destination. */
                  pixelCode?: string;
                };
              };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SavedDestination'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/destinations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One destination */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Destination'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a destination that has no data templates */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @constant */
              deleted: true;
              id: string;
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a destination; a new credential or new settings are tested again */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            availableToCampaigns?: boolean;
            businessUserAccess?: boolean;
            credentialId?: string;
            description?: string;
            name?: string;
            /** @description Replaces every setting; the plugin's schema applies (GET /api/plugins) */
            settings?: {
              [key: string]: unknown;
            };
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SavedDestination'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    trace?: never;
  };
  '/api/destinations/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Test the connection now: token, advertisers, role, event set (a failure is ok: false) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ConnectionReport'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The role of the API key in use */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Caller'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orchestrations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List orchestrations by name */
    get: {
      parameters: {
        query?: {
          destinationId?: string;
          scheduled?: 'true' | 'false';
          templateId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              orchestrations: components['schemas']['Orchestration'][];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** Create an orchestration; its settings must resolve (a missing one is named under overrides) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /**
             * @description What it is for
             * @default
             */
            description?: string;
            /** @description The destination the data is sent to */
            destinationId: string;
            /** @description Name of the orchestration, unique, e.g. "Repeat buyers to TikTok" */
            name: string;
            /**
             * @description How the source is read: audiences {mode, defaultRegion, batchSize, columns}; offline events {defaultRegion, timeZone, fixedEvent, limitedDataUse, testEventCode}
             * @default {}
             */
            options?: {
              [key: string]: unknown;
            };
            /**
             * @description Settings of the destination plugin that override the data template and destination for this orchestration, e.g. {"eventSetId": "7654321098765432109"}, or for web events the pixel code: {"eventSource": "web", "eventSetId": "CEMULATORPIXEL0000001"}
             * @default {}
             */
            overrides?: {
              [key: string]: unknown;
            };
            /**
             * @description When it runs: a cron expression in a time zone, or null to run only on demand
             * @default null
             */
            schedule?: {
              /** @description Cron expression with 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), e.g. "0 6 * * *" for every day at 06:00 */
              cron: string;
              /**
               * @description IANA time zone the cron expression is read in (daylight-saving changes follow it)
               * @default UTC
               */
              timezone?: string;
            } | null;
            /**
             * @description Skip a scheduled run when the source has not changed since the last successful run (files: size and modification time of each matched file; queries: row count and a hash of the result)
             * @default false
             */
            skipUnchanged?: boolean;
            /** @description The data sent, as `ttads audience --source` takes it: a file path or glob (.csv, .tsv, .parquet, .json, .jsonl), DuckDB SQL over files (SELECT ... FROM 'customers.parquet'), or pg:<query> on the database named by SOURCE_DATABASE_URL */
            sourceQuery: string;
            /** @description A data template of that destination */
            templateId: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Orchestration'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orchestrations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One orchestration */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Orchestration'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete an orchestration and its schedule; its workflows stay */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @constant */
              deleted: true;
              id: string;
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    /** Change an orchestration, with the checks of create; overrides and options are replaced whole */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description What it is for */
            description?: string;
            /** @description The destination the data is sent to */
            destinationId?: string;
            /** @description Name of the orchestration, unique, e.g. "Repeat buyers to TikTok" */
            name?: string;
            /** @description How the source is read: audiences {mode, defaultRegion, batchSize, columns}; offline events {defaultRegion, timeZone, fixedEvent, limitedDataUse, testEventCode} */
            options?: {
              [key: string]: unknown;
            };
            /** @description Settings of the destination plugin that override the data template and destination for this orchestration, e.g. {"eventSetId": "7654321098765432109"}, or for web events the pixel code: {"eventSource": "web", "eventSetId": "CEMULATORPIXEL0000001"} */
            overrides?: {
              [key: string]: unknown;
            };
            /** @description When it runs: a cron expression in a time zone, or null to run only on demand */
            schedule?: {
              /** @description Cron expression with 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), e.g. "0 6 * * *" for every day at 06:00 */
              cron: string;
              /**
               * @description IANA time zone the cron expression is read in (daylight-saving changes follow it)
               * @default UTC
               */
              timezone?: string;
            } | null;
            /** @description Skip a scheduled run when the source has not changed since the last successful run (files: size and modification time of each matched file; queries: row count and a hash of the result) */
            skipUnchanged?: boolean;
            /** @description The data sent, as `ttads audience --source` takes it: a file path or glob (.csv, .tsv, .parquet, .json, .jsonl), DuckDB SQL over files (SELECT ... FROM 'customers.parquet'), or pg:<query> on the database named by SOURCE_DATABASE_URL */
            sourceQuery?: string;
            /** @description A data template of that destination */
            templateId?: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Orchestration'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    trace?: never;
  };
  '/api/orchestrations/{id}/run': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run now: creates and enqueues its workflow (409 while a run of it is queued or running) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['StartedWorkflow'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/plugins': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Destination plugins with JSON Schemas and help texts of their settings (for forms) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Plugins'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Preview the first rows of a source and how they would be sent (hashed identifiers, mapped events); nothing is sent */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PreviewRequest'];
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Preview'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List runs, newest first, with their reports; a run made by a workflow names it in params.origin (workflowId, step, attempt) */
    get: {
      parameters: {
        query?: {
          kind?: 'audience' | 'events';
          limit?: number;
          workflowId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              runs: components['schemas']['Run'][];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/runs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One run with its report */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Run'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/runs/{id}/rejects': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The run's rejected rows as CSV (events: the rows with reason, field and message; audiences: the rejected values when the run kept them, else the count per reason); 404 when it has none */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/segments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List segments by name (business users: those opened to them, name and description only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              segments: components['schemas']['Segment'][];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** Define a segment: its source, optional column mapping and default user ID types */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /**
             * @description Source column of an identifier field when its name is not a usual one, e.g. {"email": "Email Address"}
             * @default {}
             */
            columns?: {
              [key: string]: string;
            };
            /**
             * @description Who is in it, shown to business users with the name
             * @default
             */
            description?: string;
            /**
             * @description User ID types campaigns of this segment send unless they choose their own; null: EMAIL and PHONE
             * @default null
             */
            idTypes?: ('AAID' | 'EMAIL' | 'IDFA' | 'PHONE')[] | null;
            /** @description Name of the segment, unique, shown to business users, e.g. "Lapsed buyers (12 months)" */
            name: string;
            /**
             * @description Business users see it (name and description), preview it (hashes only) and pick it
             * @default false
             */
            openToBusinessUsers?: boolean;
            /** @description The people in the segment, as `ttads audience --source` takes it: a file path or glob (.csv, .tsv, .parquet, .json, .jsonl), DuckDB SQL over files (SELECT ... FROM 'customers.parquet'), or pg:<query> on the database named by SOURCE_DATABASE_URL. Admins only: never shown to business users */
            sourceQuery: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Segment'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/segments/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One segment (business users: one opened to them, name and description only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Segment'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a segment no campaign sends (409 naming the campaigns otherwise) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @constant */
              deleted: true;
              id: string;
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a segment, with the checks of create; its campaigns send the new definition */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Source column of an identifier field when its name is not a usual one, e.g. {"email": "Email Address"} */
            columns?: {
              [key: string]: string;
            };
            /** @description Who is in it, shown to business users with the name */
            description?: string;
            /** @description User ID types campaigns of this segment send unless they choose their own; null: EMAIL and PHONE */
            idTypes?: ('AAID' | 'EMAIL' | 'IDFA' | 'PHONE')[] | null;
            /** @description Name of the segment, unique, shown to business users, e.g. "Lapsed buyers (12 months)" */
            name?: string;
            /** @description Business users see it (name and description), preview it (hashes only) and pick it */
            openToBusinessUsers?: boolean;
            /** @description The people in the segment, as `ttads audience --source` takes it: a file path or glob (.csv, .tsv, .parquet, .json, .jsonl), DuckDB SQL over files (SELECT ... FROM 'customers.parquet'), or pg:<query> on the database named by SOURCE_DATABASE_URL. Admins only: never shown to business users */
            sourceQuery?: string;
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Segment'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    trace?: never;
  };
  '/api/templates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List data templates (business users: those opened to them or offered to campaigns) */
    get: {
      parameters: {
        query?: {
          campaigns?: 'true' | 'false';
          destinationId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              templates: components['schemas']['Template'][];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** Create a data template; settings TikTok can check are tested first (422 on failure) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /**
             * @description Make this data template available to campaigns; every required setting must then be known (here or on the destination). Never for offline events.
             * @default false
             */
            availableToCampaigns?: boolean;
            /**
             * @description Allow business users to use this data template
             * @default false
             */
            businessUserAccess?: boolean;
            /**
             * @description What the template is for, e.g. "Send custom audiences to TikTok Ads Manager."
             * @default
             */
            description?: string;
            /** @description The destination this data template belongs to */
            destinationId: string;
            /** @description Name of the data template, e.g. "TikTok Ads Manager custom audiences" */
            name: string;
            /** @description Settings of the destination's plugin that fill or override the destination's (GET /api/plugins) */
            settings?: {
              [key: string]: unknown;
            };
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SavedTemplate'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/templates/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One data template, with whether it is offered to campaigns */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Template'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a data template no orchestration or campaign uses */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @constant */
              deleted: true;
              id: string;
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a data template, with the checks of create */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            availableToCampaigns?: boolean;
            businessUserAccess?: boolean;
            description?: string;
            name?: string;
            /** @description Replaces every setting of the template */
            settings?: {
              [key: string]: unknown;
            };
          };
        };
      };
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SavedTemplate'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    trace?: never;
  };
  '/api/workflows': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List workflows, newest first (business users: those of the campaigns they see, without source text, paths, credential ids or engine messages) */
    get: {
      parameters: {
        query?: {
          destinationId?: string;
          kind?: string;
          limit?: number;
          status?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              workflows: components['schemas']['Workflow'][];
            };
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/workflows/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One workflow with its steps, status history and workflow action */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['WorkflowDetails'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/workflows/{id}/resolve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resume a stopped workflow from the step that stopped, with the configuration as it is now (business users: the workflows of campaigns they see; 404 for any other) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Workflow'];
          };
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No or unknown API key */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Role not allowed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/oauth/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** OAuth callback: TikTok redirects here with auth_code and state; answers an HTML page */
    get: {
      parameters: {
        query?: {
          auth_code?: string;
          code?: string;
          state?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description OK */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid request; the message names the field */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    ActionLink: {
      label: string;
      url: string;
    };
    ApiKey: {
      createdAt: string;
      id: string;
      /** @description Last request made with the key; null when never used */
      lastUsedAt: string | null;
      /** @description Who or what uses the key */
      name: string;
      /** @description When it was revoked; null while it works */
      revokedAt: string | null;
      role: components['schemas']['ApiRole'];
    };
    /**
     * @description admin: everything; business_user: the destinations, templates and workflows opened to business users, and running campaigns
     * @enum {string}
     */
    ApiRole: 'admin' | 'business_user';
    AudienceOwner: {
      advertiserId: string;
      audienceName: string;
      /** @description When it first synced the audience */
      claimedAt: string;
      /** @description The orchestration or campaign whose runs keep this audience */
      owner: {
        id: string;
        /** @enum {string} */
        kind: 'orchestration' | 'campaign';
      };
      /** @description Its name; null when it was deleted (the audience stays owned) */
      ownerName: string | null;
      /** @description When the owner last changed */
      updatedAt: string;
    };
    AuthorizationLink: {
      credentialId: string;
      expiresAt: string;
      /** @description Revoke the link with DELETE /api/credentials/{id}/authorization-links/{linkId} */
      linkId: string;
      /** @description Must be a redirect URI of the TikTok app */
      redirectUri: string;
      /** @description Open it (or send it to the TikTok account holder): it works once, until expiresAt */
      url: string;
    };
    Caller: {
      keyId: string;
      /** @enum {string} */
      role: 'admin' | 'business_user';
    };
    Campaign: {
      audienceName: string | null;
      controlGroupKey: string | null;
      controlGroupPercent: number;
      controlGroupSeed: string;
      createdAt: string;
      description: string;
      id: string;
      /** @description null: the segment's default types, else EMAIL and PHONE */
      idTypes: string[] | null;
      name: string;
      oneTime: boolean;
      options: {
        [key: string]: unknown;
      };
      schedule: components['schemas']['Schedule'] | null;
      /** @description The segment sent */
      segmentId: string;
      templateId: string;
      updatedAt: string;
    };
    CampaignOffer: {
      offered: boolean;
      reasons: string[];
    };
    ConnectionReport: {
      checks: {
        check: string;
        detail: string;
        status: string;
      }[];
      message?: string;
      ok: boolean;
      problem?: string;
      testedAt: string;
    };
    CreatedApiKey: {
      createdAt: string;
      id: string;
      /** @description The API key itself, answered only this once: only its hash is stored, so it cannot be shown again. Send it as "Authorization: Bearer <key>". */
      key: string;
      /** @description Last request made with the key; null when never used */
      lastUsedAt: string | null;
      /** @description Who or what uses the key */
      name: string;
      /** @description When it was revoked; null while it works */
      revokedAt: string | null;
      role: components['schemas']['ApiRole'];
    };
    Credential: {
      advertisers: {
        advertiserId: string;
        canWrite: boolean | null;
        name: string;
      }[];
      appId: string;
      authorizedAt: string | null;
      createdAt: string;
      hasAccessToken: boolean;
      hasAppSecret: boolean;
      id: string;
      lastCheckedAt: string | null;
      name: string;
      scope: (number | string)[];
      status: components['schemas']['CredentialStatus'];
      statusReason: string | null;
      updatedAt: string;
    };
    /** @enum {string} */
    CredentialStatus: 'pending' | 'authorized' | 'invalid';
    Destination: {
      availableToCampaigns: boolean;
      businessUserAccess: boolean;
      createdAt: string;
      /** @description Admins only */
      credentialId?: string;
      description: string;
      id: string;
      lastTestedAt: string | null;
      name: string;
      /** @description The destination plugin (GET /api/plugins) */
      plugin: string;
      settings: {
        [key: string]: unknown;
      };
      updatedAt: string;
    };
    Orchestration: {
      createdAt: string;
      description: string;
      destinationId: string;
      id: string;
      /** @description Of the data last sent, for skipUnchanged */
      lastFingerprint: string | null;
      lastFingerprintAt: string | null;
      lastSkippedAt: string | null;
      name: string;
      options: {
        [key: string]: unknown;
      };
      overrides: {
        [key: string]: unknown;
      };
      schedule: components['schemas']['Schedule'] | null;
      skippedRuns: number;
      skipUnchanged: boolean;
      sourceQuery: string;
      templateId: string;
      updatedAt: string;
    };
    OutstandingAuthorizationLink: {
      createdAt: string;
      credentialId: string;
      expiresAt: string;
      id: string;
    };
    Plugin: {
      /** @description Former ids, still accepted on input */
      aliases: string[];
      /** @description Whether its templates may be offered to campaigns */
      campaigns: boolean;
      defaults: {
        [key: string]: unknown;
      };
      description: string;
      destinationSchema: {
        [key: string]: unknown;
      };
      fields: {
        help: string;
        key: string;
        /** @description JSON Schema of the field */
        schema: {
          [key: string]: unknown;
        };
      }[];
      id: string;
      label: string;
      report: {
        /** @description Counts of its reports worth showing */
        fields: {
          key: string;
          label: string;
        }[];
        /** @description The kind of run the engine records (GET /api/runs kind) */
        runKind: string;
        /** @description The setting naming what a run sends to (its report's subject) */
        targetSetting: string | null;
      };
      requiredSettings: string[];
      /** @description The run options in one line, with an example */
      runOptionsHelp: string;
      /** @description JSON Schema of the run options */
      runOptionsSchema: {
        [key: string]: unknown;
      };
      settingsSchema: {
        [key: string]: unknown;
      };
      /** @description The workflow steps a run takes after its settings are resolved */
      steps: string[];
      templateSchema: {
        [key: string]: unknown;
      };
    };
    Plugins: {
      /** @description JSON Schema of a new credential (admins only) */
      credentialSchema?: {
        [key: string]: unknown;
      };
      plugins: components['schemas']['Plugin'][];
    };
    Preview: {
      /** @description The columns of the source, in its order */
      columns: string[];
      /** @description The destination's kind of run, e.g. audience or events */
      kind: string;
      /** @description What happens to the data on its way to TikTok */
      note: string;
      rows: components['schemas']['PreviewRow'][];
    };
    PreviewReject: {
      field: string;
      message: string;
      reason: string;
    };
    PreviewRequest: {
      /**
       * @description Source rows read (1 to 50, default 10)
       * @default 10
       */
      limit?: number;
      /** @description Run options as an orchestration's options, e.g. {defaultRegion, columns} or {timeZone, fixedEvent} */
      options?: {
        [key: string]: unknown;
      };
      /** @description Settings overriding the template's and destination's, as an orchestration's overrides */
      overrides?: {
        [key: string]: unknown;
      };
      /** @description A segment (business users: one opened to them), read with its column mapping and default id types */
      segmentId?: string;
      /** @description Admins: the source as an orchestration's sourceQuery (a file path or glob, DuckDB SQL over files, or pg:<query>); give it or segmentId */
      sourceQuery?: string;
      /** @description The data template (and so destination) the rows would be sent to */
      templateId: string;
    };
    PreviewRow: {
      /** @description Events only: the source rows that make the event of this row (an order: several) */
      eventRows?: number[];
      /** @description The source columns as read (text) */
      input: {
        [key: string]: string | null;
      };
      /** @description Why an identifier, the row or its event is not sent */
      rejects: components['schemas']['PreviewReject'][];
      /** @description 1-based row number in the source */
      row: number;
      /** @description audience: {"EMAIL_SHA256": "<sha256>", ...}; events: the data[] entry of event/track/; null: nothing sent */
      sent: {
        [key: string]: unknown;
      } | null;
      /** @description Events only: where the event goes, the event_source and event_source_id of its request (the pixel code of web events, the offline event set ID of offline ones); absent when nothing is sent */
      target?: {
        eventSource: string;
        eventSourceId: string;
      };
    };
    Run: {
      error: {
        [key: string]: unknown;
      } | null;
      finishedAt: string | null;
      id: string;
      /** @enum {string} */
      kind: 'audience' | 'events';
      params: {
        [key: string]: unknown;
      };
      /** @description While running: TikTok paused it ("paused by TikTok until HH:MM UTC"); else null */
      pause: components['schemas']['RunPause'] | null;
      report: {
        [key: string]: unknown;
      } | null;
      startedAt: string;
      status: string;
    };
    RunPause: {
      /** @description "paused by TikTok until HH:MM UTC" */
      message: string;
      /** @enum {string} */
      reason: 'throttled' | 'outage';
      /** @description When sending resumes */
      until: string;
    };
    SavedDestination: {
      connection: components['schemas']['ConnectionReport'] | null;
      destination: components['schemas']['Destination'];
    };
    SavedTemplate: {
      connection: {
        [key: string]: unknown;
      } | null;
      template: components['schemas']['Template'];
    };
    Schedule: {
      cron: string;
      timezone: string;
    };
    Segment: {
      /** @description Column mapping. Admins only (absent for business users) */
      columns?: {
        [key: string]: string;
      };
      /** @description Admins only (absent for business users) */
      createdAt?: string;
      description: string;
      id: string;
      /** @description Default user ID types; null: EMAIL and PHONE */
      idTypes: string[] | null;
      name: string;
      /** @description Admins only (absent for business users) */
      openToBusinessUsers?: boolean;
      /** @description The source, as --source takes it. Admins only (absent for business users) */
      sourceQuery?: string;
      /** @description Admins only (absent for business users) */
      updatedAt?: string;
    };
    StartedWorkflow: {
      createdAt: string;
      currentStep: string | null;
      id: string;
      kind: string;
      /** @description The resolved settings of this run */
      settings: {
        [key: string]: unknown;
      };
      status: string;
      subject: {
        [key: string]: unknown;
      };
    };
    Template: {
      /** @description As asked; see campaignOffer for whether it is offered */
      availableToCampaigns: boolean;
      businessUserAccess: boolean;
      campaignOffer: components['schemas']['CampaignOffer'];
      createdAt: string;
      description: string;
      destinationId: string;
      id: string;
      name: string;
      plugin: string;
      settings: {
        [key: string]: unknown;
      };
      updatedAt: string;
    };
    Workflow: {
      /** @description The workflow action a person must act on, then Resolve */
      action: components['schemas']['WorkflowAction'] | null;
      claimedBy: string | null;
      /** @description ISO 8601 */
      createdAt: string;
      currentStep: string | null;
      error: {
        [key: string]: unknown;
      } | null;
      finishedAt: string | null;
      id: string;
      input: {
        [key: string]: unknown;
      };
      kind: string;
      leaseUntil: string | null;
      runs: number;
      /** @description The resolved settings of this run */
      settings: {
        [key: string]: unknown;
      };
      status: components['schemas']['WorkflowStatus'];
      /** @description Ids of what it runs for (orchestrationId or campaignId, destinationId, templateId) */
      subject: {
        [key: string]: string;
      };
      /** @description ISO 8601 */
      updatedAt: string;
    };
    WorkflowAction: {
      /** @description The error as stored (admins only) */
      error?: {
        [key: string]: unknown;
      };
      likelyCauses: string[];
      links?: components['schemas']['ActionLink'][];
      /** @description When the workflow continues by itself (TikTok's daily limit: 00:00 UTC); Resolve is sooner */
      resumesAt?: string;
      /** @description The step that stopped */
      step: string;
      stepsToFix: string[];
      title: string;
      /** @description The kind of action, e.g. invalid_credentials */
      type: string;
      whatHappened: string;
    };
    WorkflowDetails: {
      /** @description The workflow action a person must act on, then Resolve */
      action: components['schemas']['WorkflowAction'] | null;
      claimedBy: string | null;
      /** @description ISO 8601 */
      createdAt: string;
      currentStep: string | null;
      error: {
        [key: string]: unknown;
      } | null;
      finishedAt: string | null;
      history: components['schemas']['WorkflowStatusChange'][];
      id: string;
      input: {
        [key: string]: unknown;
      };
      kind: string;
      leaseUntil: string | null;
      /** @description While running: TikTok paused its run and it continues by itself at `until`; else null */
      pause: components['schemas']['RunPause'] | null;
      runs: number;
      /** @description The resolved settings of this run */
      settings: {
        [key: string]: unknown;
      };
      status: components['schemas']['WorkflowStatus'];
      steps: components['schemas']['WorkflowStep'][];
      /** @description Ids of what it runs for (orchestrationId or campaignId, destinationId, templateId) */
      subject: {
        [key: string]: string;
      };
      /** @description ISO 8601 */
      updatedAt: string;
    };
    /** @enum {string} */
    WorkflowStatus: 'queued' | 'running' | 'succeeded' | 'failed' | 'action_required';
    WorkflowStatusChange: {
      /** @description ISO 8601 */
      at: string;
      detail: {
        [key: string]: unknown;
      } | null;
      from: components['schemas']['WorkflowStatus'] | null;
      id: number;
      note: string | null;
      step: string | null;
      to: components['schemas']['WorkflowStatus'];
      workflowId: string;
    };
    WorkflowStep: {
      /** @description Executions in total */
      attempts: number;
      error: {
        [key: string]: unknown;
      } | null;
      /** @description Transient failures since the step last succeeded or was resolved */
      failures: number;
      finishedAt: string | null;
      name: string;
      /** @description What the step gave (business users: counts and ids only) */
      output: unknown;
      position: number;
      startedAt: string | null;
      /** @enum {string} */
      status: 'pending' | 'running' | 'succeeded' | 'failed';
      workflowId: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
