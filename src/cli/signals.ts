// Signals from the first moment: bin/f8.mjs listens before the CLI is even loaded and records
// a signal that arrives meanwhile; a command takes that over here when it installs its own.
import { followsParent, watchParent, type ParentWatch } from './parent.js';

interface EarlySignals {
  signal: string | null;
  listener: (sig: string) => void;
}

/** Removes the early listeners; returns the signal that already came, if any. */
export function takeEarlySignal(): string | null {
  const early = (globalThis as { __f8EarlySignals?: EarlySignals }).__f8EarlySignals;
  if (!early) return null;
  process.off('SIGINT', early.listener);
  process.off('SIGTERM', early.listener);
  (globalThis as { __f8EarlySignals?: EarlySignals }).__f8EarlySignals = undefined;
  return early.signal;
}

/**
 * Calls `onStop(why)` on SIGINT and SIGTERM, when (under a package runner, parent.ts) the process
 * that started this one goes away while `stopping()` is false, and at once for a signal that came
 * before. The parent watch ends at the first stop request; `dispose` removes the rest.
 */
export function listenForStop(env: NodeJS.ProcessEnv, onStop: (why: string) => void, stopping: () => boolean): { dispose(): void } {
  let parent: ParentWatch | null = null;
  const stop = (why: string): void => {
    parent?.dispose();
    onStop(why);
  };
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  // npx/npm: the process that started us going away (a SIGTERM to npx alone) is a stop too
  parent = followsParent(env)
    ? watchParent((pid) => {
        if (!stopping()) stop(`the process that started it (pid ${pid}) went away`);
      })
    : null;
  const early = takeEarlySignal();
  if (early) stop(early);
  return {
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      parent?.dispose();
    },
  };
}
