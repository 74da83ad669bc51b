// The data bus of one instance, built from the half-edges of its applied subgraph:
// publishes `{value, ts}` once per producing port on its subject (and answers `.get` with the
// last payload), subscribes to inbound subjects and hands each value to its input: pushed to the
// service's onData when it has one, else held by the edge's strategy for ctx.read
// (./inbound.ts, docs/data-edges.md).
import type { NatsTransport } from '../bus/index.js';
import type { Disposable } from '../shared/disposable.js';
import { subjects as naming } from '../shared/naming.js';
import type { Read } from '../shared/strategies.js';
import { acceptsNull } from '../shared/compiler/schema-compat.js';
import type { HalfEdge } from '../shared/types.js';
import { PullInput, PushInput, type Input, type PushHandler } from './inbound.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const EMPTY = new Uint8Array(0);

export interface BusPayload {
  value: unknown;
  ts: number;
}

/** Per node, per port: looked up with the strings the caller has (no key built per publish or read). */
class PortMap<T> {
  private readonly byNode = new Map<string, Map<string, T>>();
  get(nodeId: string, port: string): T | undefined {
    return this.byNode.get(nodeId)?.get(port);
  }
  set(nodeId: string, port: string, value: T): void {
    let ports = this.byNode.get(nodeId);
    if (!ports) this.byNode.set(nodeId, (ports = new Map()));
    ports.set(port, value);
  }
  *values(): IterableIterator<T> {
    for (const ports of this.byNode.values()) yield* ports.values();
  }
  clear(): void {
    this.byNode.clear();
  }
}

interface Inbound {
  edge: HalfEdge;
  input: Input;
  lastTs?: number;
}

interface Outbound {
  edge: HalfEdge;
  subject: string;
  published: number;
  lastTs?: number;
}

export interface BusCounters {
  /** Per input edge: received = delivered + dropped + queueDepth. */
  inputs: { edgeId: string; subject: string; strategy: string; received: number; delivered: number; dropped: number; superseded: number; queueDepth: number; lastTs?: number }[];
  outputs: { busId: string; nodeId: string; port: string; subject: string; published: number; lastTs?: number }[];
}

/**
 * The bytes of `{"value": ..., "ts": ...}` (docs/contract.md, The data plane), written without an
 * intermediate object; the same text JSON.stringify({value, ts}) gives, a value JSON leaves out
 * (undefined, a function) included: then there is no "value" member.
 */
export function payloadJson(value: unknown, ts: number): string {
  const v = JSON.stringify(value);
  return v === undefined ? `{"ts":${ts}}` : `{"value":${v},"ts":${ts}}`;
}

export class DataBus {
  /** Per producing port: one Outbound per subject. */
  private producers = new PortMap<Outbound[]>();
  /** The last payload per subject (kept across a reconfigure, for `.get`). */
  private last = new Map<string, Uint8Array>();
  private inbound = new PortMap<Inbound[]>();
  /** One per producing subject (counted once per publish). */
  private outbound = new Map<string, Outbound>();
  private subs: Disposable[] = [];
  private published = 0;
  private received = 0;

  constructor(
    private readonly transport: NatsTransport,
    private readonly now: () => number,
    /**
     * The service's data handler (push consumer); without one, inputs are read with read() (pull).
     * A handler still running returns a promise that never rejects; the next value waits for it.
     */
    private readonly onData: ((nodeId: string, port: string, value: unknown) => PromiseLike<unknown> | void) | undefined,
    private readonly onError: (msg: string) => void,
  ) {}

  /**
   * Replaces the wiring with the data half-edges of a subgraph. `inputSchema` gives the value
   * schema of an input port where the service knows it: a null arriving on an input whose schema
   * excludes null ("no value yet", docs/ports-and-types.md) is not delivered and not counted.
   */
  configure(halfEdges: HalfEdge[], inputSchema: (nodeId: string, port: string) => unknown = () => undefined): void {
    this.clear();
    for (const e of halfEdges) {
      if (e.kind !== 'data' || !e.subject) continue;
      if (e.direction === 'out') {
        const list = this.producers.get(e.local.nodeId, e.local.port) ?? [];
        let o = this.outbound.get(e.subject);
        if (!o) this.outbound.set(e.subject, (o = { edge: e, subject: e.subject, published: 0 }));
        if (!list.includes(o)) list.push(o);
        this.producers.set(e.local.nodeId, e.local.port, list);
      } else {
        const onData = this.onData;
        const { nodeId, port } = e.local;
        const handler: PushHandler | undefined = onData && ((value) => onData(nodeId, port, value));
        const inbound: Inbound = { edge: e, input: handler ? new PushInput(e, handler, this.now) : new PullInput(e) };
        const skipsNull = !acceptsNull(inputSchema(nodeId, port));
        this.inbound.set(nodeId, port, [...(this.inbound.get(nodeId, port) ?? []), inbound]);
        const subject = e.subject;
        this.subs.push(
          this.transport.subscribeData(
            subject,
            (data) => {
              let payload: BusPayload;
              try {
                payload = JSON.parse(dec.decode(data)) as BusPayload;
              } catch {
                return this.onError(`bus ${subject}: a message that is not JSON was dropped`);
              }
              if (!payload || typeof payload !== 'object' || !('value' in payload)) return this.onError(`bus ${subject}: a message without value was dropped`);
              if (payload.value === null && skipsNull) return; // "no value": the input keeps its last one
              this.received++;
              const now = this.now();
              inbound.lastTs = now;
              inbound.input.accept(payload.value, now);
            },
            (why) => this.onError(`bus ${subject}: a message was dropped: ${why}`),
            (err) => this.onError(`bus ${subject}: ${err.message}`),
          ),
        );
      }
    }
    // `.get` answers with the last payload of each produced subject (empty before the first).
    for (const o of this.outbound.values()) {
      const subject = o.subject;
      this.subs.push(this.transport.respond(naming.busGetOf(subject), () => this.last.get(subject) ?? EMPTY));
    }
  }

  /** Whether a producing port is wired to any subject. */
  isWired(nodeId: string, port: string): boolean {
    return this.producers.get(nodeId, port) !== undefined;
  }

  /** Publishes once per subject of that producing port; returns how many subjects. */
  publish(nodeId: string, port: string, value: unknown): number {
    const outs = this.producers.get(nodeId, port);
    if (!outs) return 0;
    const now = this.now();
    const data = enc.encode(payloadJson(value, now));
    for (const o of outs) {
      this.last.set(o.subject, data);
      this.transport.publish(o.subject, data);
      o.published++;
      o.lastTs = now;
    }
    this.published += outs.length;
    return outs.length;
  }

  /**
   * The value a consumer port sees now (first half-edge that has one): through its strategy for a
   * pull consumer; in a service with onData, the value last handed to the handler.
   */
  read(nodeId: string, port: string): Read {
    for (const i of this.inbound.get(nodeId, port) ?? []) {
      const r = i.input.read(this.now());
      if (r.has) return r;
    }
    return { has: false };
  }

  inboundPorts(): { nodeId: string; port: string }[] {
    return [...this.inbound.values()].map((list) => ({ nodeId: list[0]!.edge.local.nodeId, port: list[0]!.edge.local.port }));
  }

  /** Per half-edge counters (since the process started or the edge was wired). */
  counters(): BusCounters {
    const now = this.now();
    const inputs = [...this.inbound.values()].flat().map((i) => {
      const c = i.input.counts(now);
      return {
        edgeId: i.edge.edgeId,
        subject: i.edge.subject ?? '',
        strategy: i.edge.strategy,
        received: c.received,
        delivered: c.delivered,
        dropped: c.dropped,
        superseded: c.superseded,
        queueDepth: c.queued,
        ...(i.lastTs !== undefined ? { lastTs: i.lastTs } : {}),
      };
    });
    const outputs = [...this.outbound.entries()].map(([subject, o]) => ({
      busId: naming.busIdOf(subject),
      nodeId: o.edge.local.nodeId,
      port: o.edge.local.port,
      subject,
      published: o.published,
      ...(o.lastTs !== undefined ? { lastTs: o.lastTs } : {}),
    }));
    return { inputs, outputs };
  }

  stats(): { published: number; received: number } {
    return { published: this.published, received: this.received };
  }

  clear(): void {
    for (const s of this.subs) void s.dispose();
    this.subs = [];
    for (const list of this.inbound.values()) for (const i of list) i.input.close();
    this.producers.clear();
    this.inbound.clear();
    this.outbound.clear();
  }
}
