// A bench peer: a process of its own (bench/peers/*.ts under tsx) driven a line at a time over
// stdin/stdout; it prints `ready` first and exits on `quit`.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '..', '..');

export class Peer {
  private readonly lines: Interface;
  private readonly waiting: ((line: string) => void)[] = [];
  constructor(readonly child: ChildProcess) {
    this.lines = createInterface({ input: child.stdout! });
    this.lines.on('line', (l) => this.waiting.shift()?.(l));
  }
  /** Starts bench/peers/<script> under tsx with `args`; `prof` names its folder of CPU profiles (F8_BENCH_PROF). */
  static async start(script: string, args: string[], prof: string): Promise<Peer> {
    const child = spawn(
      process.execPath,
      [...(process.env.F8_BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.F8_BENCH_PROF}/${prof}`] : []), '--import', 'tsx', resolve(ROOT, 'bench/peers', script), ...args],
      { cwd: ROOT, stdio: ['pipe', 'pipe', process.env.F8_BENCH_VERBOSE ? 'inherit' : 'ignore'] },
    );
    const p = new Peer(child);
    const first = await p.next();
    if (first !== 'ready') throw new Error(`${script} ${args.join(' ')}: ${first}`);
    return p;
  }
  next(): Promise<string> {
    return new Promise((ok, fail) => {
      const onExit = (code: number | null) => fail(new Error(`bench peer exited (${code})`));
      this.child.once('exit', onExit);
      this.waiting.push((l) => {
        this.child.off('exit', onExit);
        ok(l);
      });
    });
  }
  async send(cmd: string): Promise<string> {
    const reply = this.next();
    this.child.stdin!.write(`${cmd}\n`);
    return reply;
  }
  /** Asks it to quit; SIGKILL after `killAfterMs` (a peer that stops processes of its own needs longer). */
  async quit(killAfterMs = 5_000): Promise<void> {
    if (this.child.exitCode !== null) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.stdin!.write('quit\n');
    const t = setTimeout(() => this.child.kill('SIGKILL'), killAfterMs);
    await gone;
    clearTimeout(t);
  }
}
