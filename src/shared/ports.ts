// Interfaces the master's parts depend on, implemented over NATS by src/bus.
// Keeping them here (types only) lets catalog, registry, lease and health stay independent
// of each other and of the NATS client.
import type { Disposable } from './disposable.js';

export interface KvValue<T> {
  value: T;
  revision: number;
}

export interface KvChange<T> {
  key: string;
  /** null for a delete or purge. */
  value: T | null;
  revision: number;
}

/** A JetStream KV bucket holding JSON values. */
export interface JsonKv<T = unknown> {
  readonly bucket: string;
  get(key: string): Promise<KvValue<T> | null>;
  put(key: string, value: T): Promise<number>;
  /** Fails with `conflict` when the key exists. */
  create(key: string, value: T): Promise<number>;
  /** Compare-and-set on the key's revision; `conflict` when it moved. */
  update(key: string, value: T, revision: number): Promise<number>;
  delete(key: string): Promise<void>;
  keys(filter?: string): Promise<string[]>;
  /** The values the bucket keeps for a key (its history), oldest first; deletes are left out. */
  history(key: string): Promise<KvValue<T>[]>;
  /** Current values first (unless updatesOnly), then changes. Values that are not JSON are skipped. */
  watch(filter: string, onChange: (change: KvChange<T>) => void, opts?: { updatesOnly?: boolean }): Promise<KvWatch>;
}

/** A running KV watch. */
export interface KvWatch extends Disposable {
  /** Settles when the watch ends: disposed, or its consumer failed (then rejected with the error). */
  readonly ended: Promise<void>;
}

export interface KvBucketOptions {
  /** Values kept per key (default 1); an existing bucket that keeps fewer is updated to this. */
  history?: number;
  /** The most the bucket holds, set when it is created (an existing bucket keeps its own). */
  maxBytes?: number;
}

export interface KvProvider {
  /** Opens a bucket, creating it when absent. */
  open<T = unknown>(bucket: string, opts?: KvBucketOptions): Promise<JsonKv<T>>;
  /** Opens a bucket that must exist (`not-found` otherwise). */
  openExisting<T = unknown>(bucket: string): Promise<JsonKv<T>>;
  exists(bucket: string): Promise<boolean>;
  destroy(bucket: string): Promise<void>;
}

/** Core NATS request/publish as the master's parts need them. */
export interface BusClient {
  /** Raw request; `timeout` / `unavailable` (no responders) become F8Errors. */
  request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
  publish(subject: string, data: Uint8Array): void;
  /** Every reply that arrives within `waitMs` (scatter-gather, e.g. the micro-service PING). */
  collect(subject: string, data: Uint8Array, waitMs: number): Promise<Uint8Array[]>;
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
