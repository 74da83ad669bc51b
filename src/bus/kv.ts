// JetStream KV holding JSON values, as the JsonKv / KvProvider ports of src/shared describe:
// get, put, create, compare-and-set update, delete, keys and watch, with errors mapped by
// type (a create or update that lost the race is `conflict`, a missing bucket `not-found`).
import type { NatsConnection } from '@nats-io/nats-core';
import { Kvm, type KV, type KvWatchEntry } from '@nats-io/kv';
import { jetstream, jetstreamManager, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { headers } from '@nats-io/nats-core';
import { F8Error } from '../shared/errors.js';
import { toDisposable } from '../shared/disposable.js';
import type { JsonKv, KvBucketOptions, KvChange, KvProvider, KvValue, KvWatch } from '../shared/ports.js';
import { kvRepublishSubject, PLAIN_API_PREFIX, STORE_API_PREFIX } from '../shared/naming.js';
import { mapped, natsErrorCode, toBusError } from './errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class NatsJsonKv<T> implements JsonKv<T> {
  constructor(
    readonly bucket: string,
    private readonly kv: KV,
  ) {}

  private where(key: string): string {
    return `${this.bucket}/${key}`;
  }

  private decode(key: string, data: Uint8Array): T {
    try {
      return JSON.parse(decoder.decode(data)) as T;
    } catch (err) {
      throw new F8Error('internal', `${this.where(key)} does not hold JSON`, { cause: err });
    }
  }

  async get(key: string): Promise<KvValue<T> | null> {
    const e = await mapped(this.where(key), () => this.kv.get(key));
    if (!e || e.operation !== 'PUT' || e.length === 0) return null;
    return { value: this.decode(key, e.value), revision: e.revision };
  }

  put(key: string, value: T): Promise<number> {
    return mapped(this.where(key), () => this.kv.put(key, encoder.encode(JSON.stringify(value))));
  }

  async create(key: string, value: T): Promise<number> {
    try {
      return await this.kv.create(key, encoder.encode(JSON.stringify(value)));
    } catch (err) {
      if (natsErrorCode(err) === 'conflict') throw new F8Error('conflict', `${this.where(key)} already exists`, { cause: err });
      throw toBusError(err, this.where(key));
    }
  }

  async update(key: string, value: T, revision: number): Promise<number> {
    try {
      return await this.kv.update(key, encoder.encode(JSON.stringify(value)), revision);
    } catch (err) {
      if (natsErrorCode(err) === 'conflict') throw new F8Error('conflict', `${this.where(key)} changed since revision ${revision}`, { cause: err });
      throw toBusError(err, this.where(key));
    }
  }

  delete(key: string): Promise<void> {
    return mapped(this.where(key), () => this.kv.delete(key));
  }

  keys(filter?: string): Promise<string[]> {
    return mapped(this.where(filter ?? '>'), async () => {
      const out: string[] = [];
      for await (const k of await this.kv.keys(filter)) out.push(k);
      return out.sort();
    });
  }

  history(key: string): Promise<KvValue<T>[]> {
    return mapped(this.where(key), async () => {
      const out: KvValue<T>[] = [];
      for await (const e of await this.kv.history({ key })) {
        if (e.operation !== 'PUT' || e.length === 0) continue;
        try {
          out.push({ value: this.decode(key, e.value), revision: e.revision });
        } catch {
          // a value that is not JSON is not part of the history
        }
      }
      return out.sort((a, b) => a.revision - b.revision);
    });
  }

  async watch(filter: string, onChange: (change: KvChange<T>) => void, opts: { updatesOnly?: boolean } = {}): Promise<KvWatch> {
    const it = await mapped(this.where(filter), () => this.kv.watch({ key: filter, ...(opts.updatesOnly ? { include: 'updates' as const } : {}) }));
    const ended = (async () => {
      for await (const e of it as AsyncIterable<KvWatchEntry>) {
        let value: T | null = null;
        if (e.operation === 'PUT' && e.length > 0) {
          try {
            value = this.decode(e.key, e.value);
          } catch {
            continue; // not JSON: a watcher must not die on one bad value
          }
        }
        onChange({ key: e.key, value, revision: e.revision });
      }
    })().catch((err: unknown) => {
      throw toBusError(err, this.where(filter));
    });
    ended.catch(() => {}); // observed by whoever awaits `ended`
    const d = toDisposable(async () => {
      it.stop();
      await ended.catch(() => {});
    });
    return { ended, dispose: () => d.dispose() };
  }
}

/**
 * Which JetStream API the server answers for the store: the embedded server's STORE account
 * (`$JS.store.API`, imported by every account) or a plain server's `$JS.API`. One request that
 * nobody answers without accounts (no responders come back at once).
 */
export async function discoverStorePrefix(nc: NatsConnection, bucket: string, timeoutMs = 3_000): Promise<string> {
  try {
    await nc.request(`${STORE_API_PREFIX}.STREAM.INFO.KV_${bucket}`, new Uint8Array(0), { timeout: timeoutMs });
    return STORE_API_PREFIX;
  } catch {
    return PLAIN_API_PREFIX;
  }
}

export class NatsKvProvider implements KvProvider {
  private readonly kvm: Kvm;
  private readonly apiPrefix: string;

  constructor(
    private readonly nc: NatsConnection,
    opts: { apiPrefix?: string } = {},
  ) {
    this.apiPrefix = opts.apiPrefix ?? PLAIN_API_PREFIX;
    // through the store's imports there is no account-info request (`INFO`): nobody answers it
    this.kvm = new Kvm(this.apiPrefix === PLAIN_API_PREFIX ? nc : jetstream(nc, { apiPrefix: this.apiPrefix, checkAPI: false }));
  }

  private manager(timeout?: number): Promise<JetStreamManager> {
    return jetstreamManager(this.nc, { apiPrefix: this.apiPrefix, ...(this.apiPrefix === PLAIN_API_PREFIX ? {} : { checkAPI: false }), ...(timeout !== undefined ? { timeout } : {}) });
  }

  /**
   * Opens a bucket, creating it when absent. New buckets republish their writes (readers that may
   * not create consumers watch those: src/bus/kv-view.ts).
   */
  async open<T = unknown>(bucket: string, opts: KvBucketOptions = {}): Promise<JsonKv<T>> {
    const history = opts.history ?? 1;
    const config = { history, republish: { src: `$KV.${bucket}.>`, dest: kvRepublishSubject(bucket) }, ...(opts.maxBytes !== undefined ? { max_bytes: opts.maxBytes } : {}) };
    const kv = await mapped(bucket, () => this.kvm.create(bucket, config as Parameters<Kvm['create']>[1]));
    // an existing bucket keeps its own settings: raise its history to what is asked, and make
    // one from before views republish its writes
    const current = await mapped(bucket, async () => (await kv.status()).streamInfo.config);
    if (!current.republish) {
      await mapped(bucket, () => this.rebuildWithRepublish({ ...current, max_msgs_per_subject: Math.max(current.max_msgs_per_subject, history) }, config.republish));
      return new NatsJsonKv<T>(bucket, await this.kvm.open(bucket));
    }
    if (opts.history !== undefined && current.max_msgs_per_subject < history) {
      await mapped(bucket, async () => void (await (await this.manager()).streams.update(current.name, { ...current, max_msgs_per_subject: history })));
    }
    return new NatsJsonKv<T>(bucket, kv);
  }

  /**
   * A bucket from before views (no republish; nats-server 2.9 cannot add one to a stream) is
   * rebuilt: its messages are read in order, the stream is made again with the republish, and
   * they are written back (values, deletes and history; revisions are new numbers).
   */
  private async rebuildWithRepublish(config: StreamConfig, republish: { src: string; dest: string }): Promise<void> {
    const jsm = await this.manager();
    const info = await jsm.streams.info(config.name);
    const kept: { subject: string; data: Uint8Array; op: string | undefined }[] = [];
    for (let seq = info.state.first_seq; seq > 0 && seq <= info.state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(config.name, { seq }).catch(() => null);
      if (m) kept.push({ subject: m.subject, data: m.data, op: m.header?.get('KV-Operation') || undefined });
    }
    await jsm.streams.delete(config.name);
    await jsm.streams.add({ ...config, republish });
    const js = jetstream(this.nc, { apiPrefix: this.apiPrefix });
    for (const m of kept) {
      const h = headers();
      if (m.op) h.set('KV-Operation', m.op);
      if (m.op === 'PURGE') h.set('Nats-Rollup', 'sub');
      await js.publish(m.subject, m.data, { headers: h });
    }
  }

  /**
   * Does JetStream answer its API within `timeoutMs`? (nats-server 2.9.10 can wedge its
   * JetStream after a full disk while /healthz still says ok.) Null when this connection is down.
   */
  async jetStreamAnswers(timeoutMs = 2_000): Promise<boolean | null> {
    if (this.nc.isClosed() || this.nc.isDraining()) return null;
    try {
      const jsm = await this.manager(timeoutMs);
      await jsm.getAccountInfo();
      return true;
    } catch (err) {
      return natsErrorCode(err) === 'timeout' || natsErrorCode(err) === 'unavailable' ? false : null;
    }
  }

  async openExisting<T = unknown>(bucket: string): Promise<JsonKv<T>> {
    const kv = await mapped(bucket, async () => {
      const b = await this.kvm.open(bucket);
      await b.status(); // binding does not look; this does (StreamNotFound -> not-found)
      return b;
    });
    return new NatsJsonKv<T>(bucket, kv);
  }

  async exists(bucket: string): Promise<boolean> {
    try {
      await this.openExisting(bucket);
      return true;
    } catch (err) {
      if (err instanceof F8Error && err.code === 'not-found') return false;
      throw err;
    }
  }

  async destroy(bucket: string): Promise<void> {
    if (!(await this.exists(bucket))) return;
    await mapped(bucket, async () => {
      await (await this.kvm.open(bucket)).destroy();
    });
  }
}
