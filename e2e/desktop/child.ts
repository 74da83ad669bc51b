// The child process (the app's "main process") and the protocol over its Node IPC channel: spawn,
// output, requests with timeouts, notes, and the waiters that watch the harness's state change.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChildNote, ChildReplies, ChildRequest, FromChild, ParentNote, ParentReplies, ParentRequest, ToChild } from './protocol.js';
import { errorMessage, type ExitStatus, type Findings, type LaunchOptions } from './types.js';

const REGISTER = pathToFileURL(join(import.meta.dirname, 'stand-in', 'register.mjs')).href;
const OUTPUT_LIMIT = 1_000_000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** What the rest of the harness does with the child's messages and its exit. */
export interface ChildPeer {
  answer(body: ChildRequest): Promise<ChildReplies[ChildRequest['op']]>;
  onNote(body: ChildNote): void;
  /** The child exited: runs before `exited` resolves (the windows' contexts are closed). */
  onExit(): Promise<void>;
}

export class ChildLink {
  readonly child: ChildProcess;
  readonly exited: Promise<ExitStatus>;

  private readonly timeout: number;
  private readonly findings: Findings;
  private readonly peer: ChildPeer;
  private readonly pending = new Map<number, Pending>();
  private readonly waiters = new Set<() => void>();
  private nextId = 1;
  private out = '';
  private status: ExitStatus | null = null;

  constructor(opts: LaunchOptions, timeout: number, findings: Findings, peer: ChildPeer) {
    this.timeout = timeout;
    this.findings = findings;
    this.peer = peer;
    const size = opts.defaultWindowSize ?? { width: 1400, height: 900 };
    const cwd = resolve(opts.cwd ?? process.cwd());
    const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, F8_STANDIN_DEFAULT_SIZE: `${size.width}x${size.height}` };
    if (opts.userData) env.F8_STANDIN_USER_DATA = resolve(opts.userData);
    env.F8_STANDIN_APP_PATH = resolve(opts.appPath ?? cwd);
    // detached: the child leads its own process group, so what it leaves behind can be found
    this.child = spawn(process.execPath, ['--import', REGISTER, resolve(cwd, opts.mainBundle), ...(opts.args ?? [])], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      detached: true,
    });
    const collect = (d: Buffer): void => {
      this.out += d.toString();
      if (this.out.length > OUTPUT_LIMIT) this.out = this.out.slice(-OUTPUT_LIMIT);
      if (opts.echo) process.stderr.write(d);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.child.on('message', (m: FromChild) => this.onMessage(m));
    this.exited = new Promise<ExitStatus>((done) => {
      this.child.once('exit', (code, signal) => {
        this.status = { code, signal };
        for (const p of this.pending.values()) {
          clearTimeout(p.timer);
          p.reject(new Error(`the app exited (code ${code}, signal ${signal})`));
        }
        this.pending.clear();
        this.changed();
        // the windows' contexts are closed, and the child's last output read, before anyone hears
        // of the exit ('close' would wait for grandchildren that hold the pipes)
        const drained = Promise.all([this.child.stdout, this.child.stderr].map((s) => (s && !s.readableEnded ? new Promise((r) => s.once('end', r)) : null)));
        void Promise.all([this.peer.onExit(), Promise.race([drained, new Promise((r) => setTimeout(r, 500))])]).then(() => done({ code, signal }));
      });
    });
    this.child.once('error', (err) => this.findings.harnessErrors.push(`spawn: ${err.message}`));
  }

  /** How the child exited; null while it runs. */
  get exitStatus(): ExitStatus | null {
    return this.status;
  }

  /** The child's stdout and stderr so far. */
  output(): string {
    return this.out;
  }

  // ---------------------------------------------------------------------------------------------
  // waiting for the harness's state

  /** Something a waiter may be waiting for changed. */
  changed(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves with the first value `probe` returns; rejects when it throws, the app exits or time runs out. */
  until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise<T>((resolvePromise, reject) => {
      const check = (): void => {
        let value: T | undefined;
        try {
          value = probe();
        } catch (err) {
          finish();
          reject(new Error(`${errorMessage(err)}\n--- app output ---\n${this.out}`));
          return;
        }
        if (value !== undefined) {
          finish();
          resolvePromise(value);
        } else if (this.status) {
          finish();
          reject(new Error(`the app exited (code ${this.status.code}, signal ${this.status.signal}) before ${what}\n--- app output ---\n${this.out}`));
        }
      };
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n--- app output ---\n${this.out}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // the protocol (see protocol.ts)

  request<K extends ParentRequest['op']>(body: Extract<ParentRequest, { op: K }>): Promise<ParentReplies[K]> {
    const id = this.nextId++;
    return new Promise<ParentReplies[K]>((resolvePromise, reject) => {
      if (this.status || !this.child.connected) {
        reject(new Error(`the app is not running (${body.op})`));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the app did not answer ${body.op} within ${this.timeout} ms`));
      }, this.timeout);
      this.pending.set(id, { resolve: resolvePromise as (v: unknown) => void, reject, timer });
      try {
        this.send({ kind: 'req', id, body });
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  note(body: ParentNote): void {
    try {
      this.send({ kind: 'note', body });
    } catch (err) {
      this.findings.harnessErrors.push(`note ${body.op}: ${errorMessage(err)}`);
    }
  }

  private send(message: ToChild): void {
    if (!this.child.connected) throw new Error('the app is not running');
    this.child.send(message);
  }

  private onMessage(message: FromChild): void {
    if (message.kind === 'res') {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.ok) p.resolve(message.value);
      else p.reject(new Error(message.error));
    } else if (message.kind === 'req') {
      const { id, body } = message;
      this.peer.answer(body).then(
        (value) => this.reply({ kind: 'res', id, ok: true, value }),
        (err: Error & { code?: string }) => this.reply({ kind: 'res', id, ok: false, error: errorMessage(err), ...(err.code ? { code: err.code } : {}) }),
      );
    } else {
      try {
        this.peer.onNote(message.body);
      } catch (err) {
        this.findings.harnessErrors.push(`note ${message.body.op}: ${errorMessage(err)}`);
      }
    }
  }

  private reply(message: ToChild): void {
    try {
      if (this.child.connected) this.send(message);
    } catch (err) {
      this.findings.harnessErrors.push(`reply: ${errorMessage(err)}`);
    }
  }
}
