// The floor the launch figures are measured against: a bare Node process that only connects to the
// master's server with @nats-io/transport-node (services' credentials) and says so; and a process's RSS.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const FLOOR = `
import { connect } from '@nats-io/transport-node';
const nc = await connect({ servers: process.env.BENCH_URL, user: process.env.BENCH_USER, pass: process.env.BENCH_PASS });
process.stdout.write('connected\\n');
process.on('SIGTERM', () => nc.close().then(() => process.exit(0)));
`;

/** Floor processes against one server; `stopAll` ends the ones still running. */
export class Floors {
  private readonly live = new Set<ChildProcess>();
  private readonly svc: URL;

  /** `root`: the repo, so that the floor's bare import resolves from its node_modules. */
  constructor(
    serviceNatsUrl: string,
    private readonly root: string,
  ) {
    this.svc = new URL(serviceNatsUrl);
  }

  /** Spawns one and waits until it is connected: `ms` is spawn to connected. */
  async start(): Promise<{ ms: number; child: ChildProcess }> {
    const t0 = performance.now();
    const { hostname, port, username, password } = this.svc;
    // nats.js v3 takes the credentials as options, not in the URL
    const child = spawn(process.execPath, ['--input-type=module', '-e', FLOOR], {
      cwd: this.root,
      env: { ...process.env, BENCH_URL: `${hostname}:${port}`, BENCH_USER: decodeURIComponent(username), BENCH_PASS: decodeURIComponent(password) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.live.add(child);
    await new Promise<void>((ok, fail) => {
      child.once('exit', (code) => fail(new Error(`the floor process exited with ${code}`)));
      createInterface({ input: child.stdout! }).once('line', () => ok());
    });
    return { ms: performance.now() - t0, child };
  }

  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    this.live.delete(child);
  }

  async stopAll(): Promise<void> {
    for (const c of [...this.live]) await this.stop(c);
  }
}

/** A live process's resident set in MiB (Linux /proc), NaN when it cannot be read. */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
