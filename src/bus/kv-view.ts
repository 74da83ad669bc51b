// A JetStream KV bucket read without consumers (issue 21, docs/security.md): an identity that
// may not create consumers in the store (the editor, an instance) reads by request/reply
// (`STREAM.INFO` with a subjects filter lists the keys, `DIRECT.GET` gets one) and watches the
// writes the bucket republishes to `f8.kv.<bucket>.<key>`. A watch subscribes first, then lists
// and gets the current values, and keeps the highest sequence per key, so a write during the
// listing is neither lost nor applied out of order. Writes go through `writer` when the identity
// may write the bucket (an instance's own), else they are `unauthorized`.
import type { Msg, NatsConnection } from '@nats-io/nats-core';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { F8Error } from '../shared/errors.js';
import { toDisposable } from '../shared/disposable.js';
import type { JsonKv, KvBucketOptions, KvChange, KvProvider, KvValue, KvWatch } from '../shared/ports.js';
import { kvRepublishSubject } from '../shared/naming.js';
import { mapped, toBusError } from './errors.js';
import { NatsKvProvider } from './kv.js';

const decoder = new TextDecoder();

const republishSubject = kvRepublishSubject;

/** The stream config that makes a bucket republish its writes for views. */
export const republishConfig = (bucket: string): { src: string; dest: string } => ({ src: `$KV.${bucket}.>`, dest: republishSubject(bucket) });

export interface KvViewOptions {
  /** The JetStream API prefix the store answers on (`$JS.API` without accounts). */
  apiPrefix: string;
  timeoutMs?: number;
  /** Writes, for a bucket this identity may write; absent: writes are `unauthorized`. */
  writer?: Pick<JsonKv<unknown>, 'put' | 'create' | 'update' | 'delete'>;
}

interface Entry {
  key: string;
  seq: number;
  /** null: deleted or purged. */
  data: Uint8Array | null;
}

const isDelete = (m: { data: Uint8Array; headers?: { get(k: string): string } | undefined }): boolean => {
  const op = m.headers?.get('KV-Operation') ?? '';
  return op === 'DEL' || op === 'PURGE' || m.data.length === 0;
};

export class KvView<T> implements JsonKv<T> {
  private jsm: Promise<JetStreamManager> | undefined;
  private readonly stream: string;
  private readonly keyPrefix: string;

  constructor(
    private readonly nc: NatsConnection,
    readonly bucket: string,
    private readonly opts: KvViewOptions,
  ) {
    this.stream = `KV_${bucket}`;
    this.keyPrefix = `$KV.${bucket}.`;
  }

  private where(key: string): string {
    return `${this.bucket}/${key}`;
  }

  private manager(): Promise<JetStreamManager> {
    return (this.jsm ??= jetstreamManager(this.nc, { apiPrefix: this.opts.apiPrefix, checkAPI: false, timeout: this.opts.timeoutMs ?? 5_000 }));
  }

  private decode(key: string, data: Uint8Array): T {
    try {
      return JSON.parse(decoder.decode(data)) as T;
    } catch (err) {
      throw new F8Error('internal', `${this.where(key)} does not hold JSON`, { cause: err });
    }
  }

  /** The last entry of one key (a direct get by subject: the only read an identity may be given for a single key). */
  private async last(key: string): Promise<Entry | null> {
    const subject = `${this.opts.apiPrefix}.DIRECT.GET.${this.stream}.${this.keyPrefix}${key}`;
    const m = await mapped(this.where(key), () => this.nc.request(subject, new Uint8Array(0), { timeout: this.opts.timeoutMs ?? 5_000 }));
    const status = m.headers?.code ?? 0;
    if (status === 404) return null;
    if (status >= 400) throw new F8Error(status === 408 ? 'timeout' : 'unavailable', `${this.where(key)}: ${m.headers?.description ?? `status ${status}`}`);
    const seq = Number(m.headers?.get('Nats-Sequence') ?? 0);
    return { key, seq, data: isDelete(m) ? null : m.data };
  }

  async get(key: string): Promise<KvValue<T> | null> {
    const e = await this.last(key);
    if (!e || e.data === null) return null;
    return { value: this.decode(key, e.data), revision: e.seq };
  }

  /** Keys that have a value now (a deleted key's tombstone still has a subject: it is left out). */
  async keys(filter = '>'): Promise<string[]> {
    const entries = await this.current(filter);
    return entries
      .filter((e) => e.data !== null)
      .map((e) => e.key)
      .sort();
  }

  private async current(filter: string): Promise<Entry[]> {
    if (!/[*>]/.test(filter)) {
      // one key: a direct get is all it takes (and may be all this identity is given, e.g. the lease record)
      const e = await this.last(filter);
      return e ? [e] : [];
    }
    const jsm = await this.manager();
    const info = await mapped(this.where(filter), () => jsm.streams.info(this.stream, { subjects_filter: `${this.keyPrefix}${filter}` }));
    const keys = Object.keys(info.state.subjects ?? {}).map((s) => s.slice(this.keyPrefix.length));
    const out: Entry[] = [];
    for (const key of keys.sort()) {
      const e = await this.last(key);
      if (e) out.push(e);
    }
    return out;
  }

  async watch(filter: string, onChange: (change: KvChange<T>) => void, opts: { updatesOnly?: boolean } = {}): Promise<KvWatch> {
    const seen = new Map<string, number>();
    let live = false;
    const early: Entry[] = [];
    const emit = (e: Entry) => {
      if ((seen.get(e.key) ?? 0) >= e.seq) return; // older than what was already said
      seen.set(e.key, e.seq);
      let value: T | null = null;
      if (e.data !== null) {
        try {
          value = this.decode(e.key, e.data);
        } catch {
          return; // not JSON: a watcher must not die on one bad value
        }
      }
      onChange({ key: e.key, value, revision: e.seq });
    };
    let fail: (err: Error) => void = () => {};
    const ended = new Promise<void>((resolve, reject) => {
      fail = reject;
      void resolve; // settled by dispose below
    });
    ended.catch(() => {});
    const prefix = republishSubject(this.bucket, '');
    const sub = this.nc.subscribe(republishSubject(this.bucket, filter), {
      callback: (err, m: Msg) => {
        if (err) return fail(err);
        const key = m.headers?.get('Nats-Subject')?.slice(this.keyPrefix.length) ?? m.subject.slice(prefix.length);
        const e: Entry = { key, seq: Number(m.headers?.get('Nats-Sequence') ?? 0), data: isDelete(m) ? null : m.data };
        if (live) emit(e);
        else early.push(e);
      },
    });
    try {
      await this.nc.flush();
      const now = await this.current(filter);
      for (const e of now) {
        if (opts.updatesOnly) seen.set(e.key, e.seq);
        else if (e.data !== null) emit(e);
        else seen.set(e.key, e.seq);
      }
      for (const e of early.sort((a, b) => a.seq - b.seq)) emit(e);
      early.length = 0;
      live = true;
    } catch (err) {
      sub.unsubscribe();
      throw err;
    }
    let done: () => void = () => {};
    const stopped = new Promise<void>((r) => (done = r));
    const d = toDisposable(() => {
      sub.unsubscribe();
      done();
    });
    return { ended: Promise.race([ended, stopped]), dispose: () => d.dispose() };
  }

  private writer(): NonNullable<KvViewOptions['writer']> {
    if (!this.opts.writer) throw new F8Error('unauthorized', `${this.bucket} is read-only here`);
    return this.opts.writer;
  }
  async put(key: string, value: T): Promise<number> {
    return await this.writer().put(key, value);
  }
  async create(key: string, value: T): Promise<number> {
    return await this.writer().create(key, value);
  }
  async update(key: string, value: T, revision: number): Promise<number> {
    return await this.writer().update(key, value, revision);
  }
  async delete(key: string): Promise<void> {
    await this.writer().delete(key);
  }
  history(): Promise<KvValue<T>[]> {
    return Promise.reject(new F8Error('unavailable', `${this.bucket}: history is read by the master (the history verb)`));
  }
}

/**
 * Buckets for an identity that may not create consumers (the editor, a service): every read is a
 * view; `open` gives a bucket this identity may write (its own) with writes through nats.js KV.
 */
export class ViewKvProvider implements KvProvider {
  constructor(
    private readonly nc: NatsConnection,
    private readonly opts: { apiPrefix: string; timeoutMs?: number },
  ) {}

  async open<T = unknown>(bucket: string, opts: KvBucketOptions = {}): Promise<JsonKv<T>> {
    const writer = await new NatsKvProvider(this.nc, { apiPrefix: this.opts.apiPrefix }).open<T>(bucket, opts);
    return new KvView<T>(this.nc, bucket, { ...this.opts, writer: writer as JsonKv<unknown> });
  }

  async openExisting<T = unknown>(bucket: string): Promise<JsonKv<T>> {
    if (!(await this.exists(bucket))) throw new F8Error('not-found', `bucket ${bucket} does not exist`);
    return new KvView<T>(this.nc, bucket, this.opts);
  }

  async exists(bucket: string): Promise<boolean> {
    const jsm = await jetstreamManager(this.nc, { apiPrefix: this.opts.apiPrefix, checkAPI: false, timeout: this.opts.timeoutMs ?? 5_000 });
    try {
      await jsm.streams.info(`KV_${bucket}`);
      return true;
    } catch (err) {
      const e = toBusError(err, bucket);
      if (e.code === 'not-found') return false;
      throw e;
    }
  }

  destroy(bucket: string): Promise<void> {
    return Promise.reject(new F8Error('unauthorized', `${bucket}: only the master removes buckets`));
  }
}
