import type { VezaHttp } from '../service-module.ts';

/**
 * Stops accepting connections and waits for the requests in flight. Node closes only the
 * keep-alive connections idle at the moment close() starts; one that finishes its request later
 * would hold the server open until its keep-alive timeout, so idle connections are reaped until done.
 */
export async function closeGracefully(app: VezaHttp): Promise<void> {
  const reaper = setInterval(() => app.server.closeIdleConnections(), 50);
  try {
    await app.close();
  } finally {
    clearInterval(reaper);
  }
}
