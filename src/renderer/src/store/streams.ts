// High-rate live data kept outside zustand: log lines per instance and numeric series per
// editor node (plots, displays). The bridge appends; panels and nodes subscribe to a version
// number and read the buffers when they draw. Pure: no NATS, no DOM.

type Listener = () => void;

class Versioned {
  private listeners = new Set<Listener>();
  version = 0;
  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  protected bump(): void {
    this.version++;
    for (const l of [...this.listeners]) l();
  }
}

export interface LogEntry {
  ts: number;
  stream: string;
  text: string;
}

/** The lines of one instance's log, at most `max` (the oldest go first). */
export class LogBuffer extends Versioned {
  lines: LogEntry[] = [];
  constructor(readonly max = 100_000) {
    super();
  }
  append(lines: readonly LogEntry[]): void {
    if (!lines.length) return;
    this.lines = this.lines.concat(lines);
    // trim in steps, so a steady stream does not copy the whole array on every line
    if (this.lines.length > this.max * 1.1) this.lines = this.lines.slice(this.lines.length - this.max);
    this.bump();
  }
  clear(): void {
    this.lines = [];
    this.bump();
  }
}

/** A time series of numbers (ms timestamps), a ring of fixed capacity. */
export class Series extends Versioned {
  private t: Float64Array;
  private v: Float64Array;
  private start = 0;
  count = 0;
  /** Values received in all (numbers or not). */
  total = 0;
  last: unknown = undefined;
  lastTs = 0;
  constructor(readonly capacity = 20_000) {
    super();
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }
  push(ts: number, value: unknown): void {
    this.last = value;
    this.lastTs = ts;
    this.total++;
    const n = typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : NaN;
    if (Number.isFinite(n)) {
      const i = (this.start + this.count) % this.capacity;
      this.t[i] = ts;
      this.v[i] = n;
      if (this.count < this.capacity) this.count++;
      else this.start = (this.start + 1) % this.capacity;
    }
    this.bump();
  }
  /** Points with ts >= since, oldest first, as uPlot's [seconds[], values[]]. */
  window(since: number): [number[], number[]] {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k < this.count; k++) {
      const i = (this.start + k) % this.capacity;
      const ts = this.t[i] as number;
      if (ts < since) continue;
      xs.push(ts / 1000);
      ys.push(this.v[i] as number);
    }
    return [xs, ys];
  }
}

/** Buffers by key, made on first use; `retain` frees the ones whose key is no longer wanted. */
export class Keyed<T> {
  private map = new Map<string, T>();
  constructor(private readonly make: () => T) {}
  get(key: string): T {
    let v = this.map.get(key);
    if (!v) this.map.set(key, (v = this.make()));
    return v;
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  /** Frees every buffer whose key `keep` refuses. */
  retain(keep: (key: string) => boolean): void {
    for (const key of [...this.map.keys()]) if (!keep(key)) this.map.delete(key);
  }
}
