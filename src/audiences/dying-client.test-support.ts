import type { TikTokClient } from '../tiktok/index.js';

/**
 * `client`, except that its `call`th mapping request reaches TikTok (and is applied) and then the process
 * "dies" before the answer is recorded: the crash a resumed run must recover from exactly.
 */
export function diesAfterMapping(client: TikTokClient, call: number): TikTokClient {
  let calls = 0;
  return {
    ...client,
    mapAudienceJson: async (input) => {
      const result = await client.mapAudienceJson(input);
      calls += 1;
      if (calls === call) throw new Error('process died');
      return result;
    },
  };
}
