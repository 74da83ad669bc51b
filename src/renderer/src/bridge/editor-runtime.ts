// The editor pseudo-instance at run time: its half-edges come with the deployed compilation.
// Inputs (plot, display) subscribe to their subjects and feed the node's series; outputs
// (slider, toggle, button) publish `{value, ts}` on theirs when the user moves them.
import type { NatsConnection } from '@nats-io/nats-core';
import { NatsTransport } from '../../../bus/index';
import type { Disposable } from '../../../shared/disposable';
import type { HalfEdge } from '../../../shared/types';
import type { Keyed, Series } from '../store/streams';

const enc = new TextEncoder();
const dec = new TextDecoder();

export class EditorRuntime implements Disposable {
  private readonly bus: NatsTransport;
  private subs = new Map<string, Disposable>();
  private outs = new Map<string, string>();

  constructor(
    nc: NatsConnection,
    private readonly series: Keyed<Series>,
    private readonly now: () => number = Date.now,
  ) {
    this.bus = new NatsTransport(nc);
  }

  /** Follows the deployed compilation's editor half-edges; returns the newly published outputs. */
  sync(halfEdges: readonly HalfEdge[]): string[] {
    const wantIn = new Map<string, HalfEdge>();
    const outs = new Map<string, string>();
    for (const h of halfEdges) {
      if (h.kind !== 'data' || !h.subject) continue;
      if (h.direction === 'in') wantIn.set(`${h.subject}|${h.local.nodeId}`, h);
      else outs.set(`${h.local.nodeId}:${h.local.port}`, h.subject);
    }
    for (const [k, d] of this.subs) {
      if (wantIn.has(k)) continue;
      void d.dispose();
      this.subs.delete(k);
    }
    for (const [k, h] of wantIn) {
      if (this.subs.has(k)) continue;
      const series = this.series.get(h.local.nodeId);
      this.subs.set(
        k,
        this.bus.subscribeData(
          h.subject!,
          (data) => {
            try {
              const m = JSON.parse(dec.decode(data)) as { value?: unknown; ts?: unknown };
              series.push(typeof m.ts === 'number' ? m.ts : this.now(), m.value);
            } catch {
              /* not JSON: not a bus message */
            }
          },
          () => {}, // a delivery or direct get aimed at the plot: not data
        ),
      );
    }
    const added = [...outs.keys()].filter((k) => !this.outs.has(k));
    this.outs = outs;
    return added;
  }

  /** True when the port has a subject (the graph with it is deployed). */
  canPublish(nodeId: string, port: string): boolean {
    return this.outs.has(`${nodeId}:${port}`);
  }

  publish(nodeId: string, port: string, value: unknown): boolean {
    const subject = this.outs.get(`${nodeId}:${port}`);
    if (!subject) return false;
    this.bus.publish(subject, enc.encode(JSON.stringify({ value, ts: this.now() })));
    return true;
  }

  dispose(): void {
    for (const d of this.subs.values()) void d.dispose();
    this.subs.clear();
    this.outs.clear();
  }
}
