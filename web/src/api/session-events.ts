/**
 * Tells the app that the cookie session ended behind its back (refresh refused: revoked, reused,
 * expired), so it can drop the signed-in user without every caller handling it.
 */
const target = new EventTarget();
const ENDED = 'session-ended';

export function announceSessionEnded(): void {
  target.dispatchEvent(new Event(ENDED));
}

export function onSessionEnded(listener: () => void): () => void {
  target.addEventListener(ENDED, listener);
  return () => target.removeEventListener(ENDED, listener);
}
