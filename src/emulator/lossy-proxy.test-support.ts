import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from './faults.js';

/**
 * A proxy in front of the emulator that loses answers: a share of the requests reach TikTok (the emulator
 * applies them) and then the connection drops before the answer comes back, as on a real network.
 */
export async function lossyProxy(
  target: string,
  lossRate: number,
  seed: number,
): Promise<Server & { url: string; lost: number }> {
  const random = mulberry32(seed);
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const lose = random() < lossRate;
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        if (lose) {
          (server as unknown as { lost: number }).lost += 1;
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => req.socket.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(server, { url: `http://127.0.0.1:${port}`, lost: 0 });
}
