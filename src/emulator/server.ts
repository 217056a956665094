import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createEmulator, type Emulator } from './app.js';
import type { EmulatorOptions } from './types.js';

export interface RunningEmulator {
  /** `http://HOST:PORT`, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** `url` + `/open_api/v1.3/`: what a client uses as its TikTok API base. */
  apiBase: string;
  emulator: Emulator;
  /** Stops listening, ends open connections and writes the persistence file. */
  close(): Promise<void>;
}

/**
 * Serves an emulator over HTTP on `host` (default 127.0.0.1) and `port` (0, the default, picks a free one).
 * @throws Error when the port cannot be bound.
 */
export async function startEmulator(
  opts: EmulatorOptions & { port?: number; host?: string } = {},
): Promise<RunningEmulator> {
  const emulator = createEmulator(opts);
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: emulator.app.fetch, port: opts.port ?? 0, hostname: host }) as Server;
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  return {
    url,
    apiBase: `${url}/open_api/v1.3/`,
    emulator,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await emulator.flush();
    },
  };
}
