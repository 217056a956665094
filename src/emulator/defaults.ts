/**
 * Well-known values of the emulator's default state (no seed file). Like a local cloud emulator's
 * test credentials, they are public and documented in the README; they work only against the emulator.
 */
export const EMULATOR_DEFAULTS = {
  app: { app_id: '7000000000000000001', secret: 'emulator-app-secret' },
  business: { business_id: '7100000000000000001', name: 'Demo Business' },
  advertisers: [
    { advertiser_id: '7200000000000000001', name: 'Demo Brand US', business_id: '7100000000000000001' },
    { advertiser_id: '7200000000000000002', name: 'Demo Brand CA', business_id: '7100000000000000001' },
  ],
  /** An advertiser of another business that neither default token is authorized for. */
  foreignAdvertiser: {
    advertiser_id: '7200000000000000009',
    name: 'Someone Else',
    business_id: '7100000000000000009',
  },
  tokens: {
    operator: 'emulator-operator-token',
    analyst: 'emulator-analyst-token',
  },
  eventSet: { event_set_id: '7300000000000000001', advertiser_id: '7200000000000000001' },
  pixel: { pixel_code: 'CEMULATORPIXEL0000001', advertiser_id: '7200000000000000001' },
  defaultPort: 4010,
} as const;
