// The master reloads only its own nats-server (issue 20): `setGrants` sends SIGHUP to the recorded
// pid only while that pid's command line is our server's (`isOurServer`). Here the recorded pid is
// a shell standing in front of a real nats-server (its command line is `/bin/sh <script> -c
// <conf>`, like a pid reused by another program): the grants are written, nothing is signalled.
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findNatsServer, isOurServer, natsPaths, startEmbeddedNats, type EmbeddedNats } from './server.js';

/** Starts nats-server as its child, hands on its ports file under its own pid, and notes each SIGHUP. */
const WRAPPER = `#!/bin/sh
"$REAL_NATS" "$@" &
child=$!
trap 'echo HUP >> "$SIGNALS"' HUP
trap 'kill -TERM $child; exit 0' TERM
while [ ! -s "$PORTS_DIR/nats-server_$child.ports" ]; do sleep 0.05; done
sleep 0.2
cp "$PORTS_DIR/nats-server_$child.ports" "$PORTS_DIR/tmp.$$" && mv "$PORTS_DIR/tmp.$$" "$PORTS_DIR/nats-server_$$.ports"
echo $child > "$CHILD_PID"
while kill -0 $child 2>/dev/null; do wait $child; done
`;

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const configLoadTime = async (monitorUrl: string): Promise<string | undefined> => ((await (await fetch(`${monitorUrl}/varz`)).json()) as { config_load_time?: string }).config_load_time;

describe("the config reload signals only our own nats-server's pid", () => {
  const pids: number[] = [];
  let dir = '';
  afterAll(async () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  });

  it('writes the new grants but sends no SIGHUP to a recorded pid that is not our server', async () => {
    dir = await mkdtemp(join(tmpdir(), 'f8-reload-guard-'));
    const dataDir = join(dir, 'data');
    const script = join(dir, 'not-nats.sh');
    await writeFile(script, WRAPPER);
    chmodSync(script, 0o755);
    const signals = join(dir, 'signals');
    const childPid = join(dir, 'child.pid');
    const lines: string[] = [];
    mkdirSync(dataDir, { recursive: true });
    const p = natsPaths(realpathSync(dataDir));
    const server: EmbeddedNats = await startEmbeddedNats({
      dataDir,
      binary: script,
      env: { ...process.env, REAL_NATS: findNatsServer(), PORTS_DIR: p.portsDir, SIGNALS: signals, CHILD_PID: childPid },
      readyTimeoutMs: 20_000,
      log: (l) => void lines.push(l),
    });
    pids.push(server.pid, Number(readFileSync(childPid, 'utf8')));
    // the recorded pid runs, and is not our server by its command line
    expect(processAlive(server.pid)).toBe(true);
    expect(isOurServer(server.pid, p.conf, script)).toBe(false);
    expect(readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0')[0]).toMatch(/sh$/);

    const loaded = await configLoadTime(server.monitorUrl);
    const conf = readFileSync(p.conf, 'utf8');
    await server.setGrants([{ instanceId: 'guard1', kind: 'launched', halfEdges: [] }]);
    expect(readFileSync(p.conf, 'utf8')).not.toBe(conf); // the grants changed the config
    await new Promise((r) => setTimeout(r, 500));
    expect(existsSync(signals) ? readFileSync(signals, 'utf8') : '').toBe('');
    expect(processAlive(server.pid)).toBe(true);
    expect(await configLoadTime(server.monitorUrl)).toBe(loaded);
    expect(lines.some((l) => l.includes(`pid ${server.pid} is no longer our server`))).toBe(true);
  }, 60_000);
});
