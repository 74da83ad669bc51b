// Signals from the first moment: bin/f8.mjs listens before the CLI is even loaded and records
// a signal that arrives meanwhile; a command takes that over here when it installs its own.
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
