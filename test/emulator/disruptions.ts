// Acts out a connection-level fault (see Disruption in faults.ts) on one exchange.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SLOW_BODY_BYTE_MS, type Disruption } from './faults.ts';
import { writeHead, type Reply } from './http.ts';

/**
 * Ends the exchange the disrupted way. `handle` runs the provider (and changes its state); it is called
 * only by the disruptions where the request reached the provider.
 */
export async function disrupt(
  disruption: Disruption,
  req: IncomingMessage,
  res: ServerResponse,
  handle: () => Reply,
  closing: AbortSignal,
): Promise<void> {
  switch (disruption) {
    case 'hang':
      await untilClosed(res, closing);
      return;
    case 'reset':
      req.socket.resetAndDestroy();
      return;
    case 'lost-response':
      handle();
      req.socket.destroy();
      return;
    case 'half-body': {
      const body = writeHead(res, handle());
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
      return;
    }
    case 'slow-body': {
      const body = writeHead(res, handle());
      for (const byte of body) {
        if (res.destroyed || closing.aborted) return;
        res.write(Buffer.of(byte));
        await sleep(SLOW_BODY_BYTE_MS);
      }
      res.end();
      return;
    }
  }
}

function untilClosed(res: ServerResponse, closing: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    res.once('close', resolve);
    closing.addEventListener('abort', () => {
      resolve();
    });
  });
}
