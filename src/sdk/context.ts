// The ServiceContext a service's code sees, built over what the host exposes to it (split out
// of host.ts). Timers the code starts are owned by the host and never let a throw escape.
import type { Disposable } from '../shared/disposable.js';
import type { Read } from '../shared/strategies.js';
import type { LifecycleStatus, Manifest, Subgraph } from '../shared/types.js';
import type { ServiceContext } from './types.js';

export interface ContextHost {
  readonly instanceId: string;
  readonly manifest: Manifest;
  readonly status: LifecycleStatus;
  readonly subgraph: Subgraph | null;
  log(text: string): void;
  getState(nodeId: string, field: string): unknown;
  setState(nodeId: string, field: string, value: unknown): Promise<void>;
  /** Publishes when activated (and connected). */
  publish(nodeId: string, port: string, value: unknown): void;
  read(nodeId: string, port: string): Read;
  /** Owns a disposable until shutdown. */
  own(d: () => void): Disposable;
  /** A timer callback threw or rejected. */
  timerFailed(err: unknown): void;
  fail(message: string): Promise<void>;
  clearError(): Promise<void>;
  publishOperators(specs: unknown[]): Promise<void>;
}

export function makeContext(h: ContextHost): ServiceContext {
  return {
    get instanceId() {
      return h.instanceId;
    },
    get serviceClass() {
      return h.manifest.serviceClass;
    },
    get manifest() {
      return h.manifest;
    },
    get status() {
      return h.status;
    },
    get activated() {
      return h.status === 'activated';
    },
    get subgraph() {
      return h.subgraph;
    },
    log: (t) => h.log(t),
    getState: (field, nodeId = h.instanceId) => h.getState(nodeId, field),
    setState: (field, value, nodeId = h.instanceId) => h.setState(nodeId, field, value),
    publish: (port, value, nodeId = h.instanceId) => h.publish(nodeId, port, value),
    read: (port, nodeId = h.instanceId) => h.read(nodeId, port),
    every: (ms, fn) => {
      const t = setInterval(() => {
        try {
          const r = fn() as unknown;
          if (r && typeof (r as Promise<unknown>).catch === 'function') (r as Promise<unknown>).catch((err: unknown) => h.timerFailed(err));
        } catch (err) {
          h.timerFailed(err);
        }
      }, ms);
      return h.own(() => clearInterval(t));
    },
    fail: (message) => h.fail(message),
    clearError: () => h.clearError(),
    publishOperators: (specs) => h.publishOperators(specs),
  };
}
