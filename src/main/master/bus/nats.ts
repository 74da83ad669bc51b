// The master's NATS adapter: implements the shared ports (BusClient, KvProvider) over a
// NatsConnection and serves a Dispatcher on a subject. Nothing else in the master touches
// the NATS client.
import { connect } from '@nats-io/transport-node';
import { NoRespondersError, RequestError, TimeoutError, type Msg, type NatsConnection } from '@nats-io/nats-core';
import { Kvm, type KV, type KvWatchEntry } from '@nats-io/kv';
import { jetstreamManager } from '@nats-io/jetstream';
import { F8Error } from '../../../shared/errors.js';
import { toDisposable, type Disposable } from '../../../shared/disposable.js';
import type { BusClient, JsonKv, KvChange, KvProvider, KvValue, Logger } from '../../../shared/ports.js';
import type { Dispatcher } from '../../../shared/rpc.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
}

/** Maps NATS client errors to the contract's codes. */
export function natsErrorToF8(err: unknown, subject: string): F8Error {
  if (err instanceof F8Error) return err;
  const cause = err instanceof Error ? err.cause : undefined;
  if (err instanceof NoRespondersError || cause instanceof NoRespondersError || (err instanceof RequestError && err.isNoResponders())) {
    return new F8Error('unavailable', `no responders on ${subject}`, { cause: err });
  }
  if (err instanceof TimeoutError || cause instanceof TimeoutError) {
    return new F8Error('timeout', `request on ${subject} timed out`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new F8Error('internal', `${subject}: ${message}`, { cause: err });
}

export class NatsBus implements BusClient {
  constructor(readonly nc: NatsConnection) {}

  async request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    try {
      const msg = await this.nc.request(subject, data, { timeout: timeoutMs });
      return msg.data;
    } catch (err) {
      throw natsErrorToF8(err, subject);
    }
  }

  publish(subject: string, data: Uint8Array): void {
    this.nc.publish(subject, data);
  }

  async collect(subject: string, data: Uint8Array, waitMs: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    try {
      const it = await this.nc.requestMany(subject, data, { maxWait: waitMs });
      for await (const msg of it) out.push(msg.data);
    } catch (err) {
      const f8 = natsErrorToF8(err, subject);
      if (f8.code !== 'unavailable' && f8.code !== 'timeout') throw f8;
    }
    return out;
  }

  /**
   * Serves a dispatcher: every request on `subject` (wildcards allowed) is handled
   * concurrently; `verbOf` maps the subject to the dispatcher's verb (null: ignore).
   * Plain publishes (no reply subject) are ignored.
   */
  serve<C>(subject: string, dispatcher: Dispatcher<C>, ctx: C, verbOf: (subject: string) => string | null, log: Logger): Disposable {
    const sub = this.nc.subscribe(subject, {
      callback: (err, msg: Msg) => {
        if (err) {
          log.error(`subscription ${subject}: ${err.message}`);
          return;
        }
        if (!msg.reply) return;
        const verbName = verbOf(msg.subject);
        if (verbName === null) return;
        dispatcher
          .handle(verbName, msg.data, ctx)
          .then((reply) => msg.respond(reply))
          .catch((e: unknown) => log.error(`handling ${msg.subject}: ${(e as Error).message}`));
      },
    });
    return toDisposable(() => sub.unsubscribe());
  }
}

function isWrongLastSequence(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : String(err);
  return /wrong last sequence|key exists/i.test(text);
}

class NatsJsonKv<T> implements JsonKv<T> {
  constructor(
    readonly bucket: string,
    private readonly kv: KV,
  ) {}

  private decode(key: string, data: Uint8Array): T {
    try {
      return JSON.parse(decoder.decode(data)) as T;
    } catch (err) {
      throw new F8Error('internal', `${this.bucket}/${key} does not hold JSON`, { cause: err });
    }
  }

  async get(key: string): Promise<KvValue<T> | null> {
    const e = await this.kv.get(key);
    if (!e || e.operation !== 'PUT' || e.length === 0) return null;
    return { value: this.decode(key, e.value), revision: e.revision };
  }

  put(key: string, value: T): Promise<number> {
    return this.kv.put(key, encoder.encode(JSON.stringify(value)));
  }

  async create(key: string, value: T): Promise<number> {
    try {
      return await this.kv.create(key, encoder.encode(JSON.stringify(value)));
    } catch (err) {
      if (isWrongLastSequence(err)) throw new F8Error('conflict', `${this.bucket}/${key} already exists`, { cause: err });
      throw err;
    }
  }

  async update(key: string, value: T, revision: number): Promise<number> {
    try {
      return await this.kv.update(key, encoder.encode(JSON.stringify(value)), revision);
    } catch (err) {
      if (isWrongLastSequence(err)) throw new F8Error('conflict', `${this.bucket}/${key} changed since revision ${revision}`, { cause: err });
      throw err;
    }
  }

  delete(key: string): Promise<void> {
    return this.kv.delete(key);
  }

  async keys(filter?: string): Promise<string[]> {
    const out: string[] = [];
    const it = await this.kv.keys(filter);
    for await (const k of it) out.push(k);
    return out.sort();
  }

  async watch(filter: string, onChange: (change: KvChange<T>) => void, opts: { updatesOnly?: boolean } = {}): Promise<Disposable> {
    const it = await this.kv.watch({ key: filter, ...(opts.updatesOnly ? { include: 'updates' as const } : {}) });
    const loop = (async () => {
      for await (const e of it as AsyncIterable<KvWatchEntry>) {
        let value: T | null = null;
        if (e.operation === 'PUT' && e.length > 0) {
          try {
            value = this.decode(e.key, e.value);
          } catch {
            continue; // not JSON: ignore, a watcher must not die on one bad value
          }
        }
        onChange({ key: e.key, value, revision: e.revision });
      }
    })();
    return toDisposable(async () => {
      it.stop();
      await loop.catch(() => {});
    });
  }
}

export class NatsKvProvider implements KvProvider {
  private readonly kvm: Kvm;

  constructor(private readonly nc: NatsConnection) {
    this.kvm = new Kvm(nc);
  }

  async open<T = unknown>(bucket: string): Promise<JsonKv<T>> {
    const kv = await this.kvm.create(bucket, { history: 1 });
    return new NatsJsonKv<T>(bucket, kv);
  }

  async exists(bucket: string): Promise<boolean> {
    const jsm = await jetstreamManager(this.nc);
    try {
      await jsm.streams.info(`KV_${bucket}`);
      return true;
    } catch {
      return false;
    }
  }

  async destroy(bucket: string): Promise<void> {
    if (!(await this.exists(bucket))) return;
    const kv = await this.kvm.open(bucket);
    await kv.destroy();
  }
}
