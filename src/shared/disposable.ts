// Disposables: everything that holds a resource is owned by something that disposes it.

export interface Disposable {
  dispose(): void | Promise<void>;
}

export function toDisposable(fn: () => void | Promise<void>): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      return fn();
    },
  };
}

/** Owns disposables; disposes them in reverse order of addition, once. */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      void item.dispose();
      throw new Error('DisposableStore already disposed');
    }
    this.items.push(item);
    return item;
  }

  /** Adds a cleanup function. */
  defer(fn: () => void | Promise<void>): Disposable {
    return this.add(toDisposable(fn));
  }

  /** Removes without disposing (the caller took ownership). */
  delete(item: Disposable): void {
    this.items = this.items.filter((i) => i !== item);
  }

  get size(): number {
    return this.items.length;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const items = this.items.reverse();
    this.items = [];
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        await item.dispose();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'several disposables failed');
  }
}

/** A clock that tests can replace. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
