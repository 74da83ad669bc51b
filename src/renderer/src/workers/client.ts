// Request/response over a worker: one pending promise per message id.

let inFlight = 0;
/** Whether any worker request (a layout, a compile) is still out: tests wait until none is. */
export function workersBusy(): boolean {
  return inFlight > 0;
}

export class WorkerClient<In, Out> {
  private seq = 0;
  private readonly pending = new Map<number, { ok: (v: Out) => void; fail: (e: Error) => void }>();
  private worker: Worker | null = null;

  constructor(private readonly create: () => Worker) {}

  private get w(): Worker {
    if (!this.worker) {
      this.worker = this.create();
      this.worker.onmessage = (e: MessageEvent<{ id: number; result?: Out; error?: string }>) => {
        const p = this.pending.get(e.data.id);
        if (!p) return;
        this.pending.delete(e.data.id);
        if (e.data.error !== undefined) p.fail(new Error(e.data.error));
        else p.ok(e.data.result as Out);
      };
      this.worker.onerror = (e) => {
        for (const p of this.pending.values()) p.fail(new Error(e.message || 'worker failed'));
        this.pending.clear();
      };
    }
    return this.worker;
  }

  request(payload: In, key = 'graph'): Promise<Out> {
    const id = ++this.seq;
    inFlight++;
    const done = () => void inFlight--;
    return new Promise<Out>((ok, fail) => {
      this.pending.set(id, { ok: (v) => (done(), ok(v)), fail: (e) => (done(), fail(e)) });
      this.w.postMessage({ id, [key]: payload });
    });
  }
}
