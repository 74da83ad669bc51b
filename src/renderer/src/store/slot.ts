// One value that appears and goes (the canvas's API once React Flow is up, the command context
// once the app has built it), with listeners for useSyncExternalStore.
export class Slot<T> {
  private value: T | null = null;
  private listeners = new Set<() => void>();
  /** Bumped on every set (enabled states re-read when the context changes). */
  version = 0;

  get = (): T | null => this.value;

  set(value: T | null): void {
    this.value = value;
    this.version++;
    for (const l of [...this.listeners]) l();
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
}
