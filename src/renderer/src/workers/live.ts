// Creates the live feed's worker where the page can run one (not under Node, where tests run the
// feed on the page or on a MessagePort).
import type { LiveWorker } from '../bridge/live-client';

export function createLiveWorker(): LiveWorker | null {
  if (typeof Worker !== 'function') return null;
  return new Worker(new URL('./live.worker.ts', import.meta.url), { type: 'module', name: 'f8-live' }) as unknown as LiveWorker;
}
