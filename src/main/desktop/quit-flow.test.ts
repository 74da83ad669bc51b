// Quit asks about unsaved changes first (Cancel keeps everything running), then stops the backend
// and exits 0; a second quit while stopping exits at once; a quit during the question is ignored.
import { describe, expect, it } from 'vitest';
import { QuitFlow } from './quit-flow.js';

function flow(answers: ('close' | 'keep')[], stop: () => Promise<void> = async () => {}) {
  const log: string[] = [];
  const q = new QuitFlow<number>({
    windows: () => [1, 2],
    confirm: async (w) => (log.push(`ask ${w}`), answers.shift() ?? 'close'),
    allowClose: (w) => void log.push(`allow ${w}`),
    closeAll: () => void log.push('close all'),
    stopBackend: async () => {
      log.push('stop');
      await stop();
      log.push('stopped');
    },
    exit: (code) => void log.push(`exit ${code}`),
    log: { warn: (m) => void log.push(`warn ${m}`), error: (m) => void log.push(`error ${m}`) },
  });
  const prevented: number[] = [];
  const quit = () => q.beforeQuit(() => void prevented.push(1));
  return { q, log, quit, prevented };
}

describe('quit', () => {
  it('asks each window, stops the backend, then exits 0', async () => {
    const f = flow(['close', 'close']);
    await f.quit();
    expect(f.log).toEqual(['ask 1', 'allow 1', 'ask 2', 'allow 2', 'close all', 'stop', 'stopped', 'exit 0']);
    expect(f.prevented).toHaveLength(1);
  });

  it('Cancel in any window keeps the app and its backend running; a later quit asks again', async () => {
    const f = flow(['close', 'keep']);
    await f.quit();
    expect(f.log).toEqual(['ask 1', 'allow 1', 'ask 2']);
    expect(f.q.phase).toBe('running');
    await f.quit();
    expect(f.log.at(-1)).toBe('exit 0');
  });

  it('a second quit while the backend stops exits at once with 130; one during the question is ignored', async () => {
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const f = flow([], () => held);
    const first = f.quit();
    await f.quit(); // while asking (the first question has not resolved yet in this tick)
    await new Promise((r) => setTimeout(r, 0));
    expect(f.q.phase).toBe('stopping');
    await f.quit();
    expect(f.log.slice(-2)).toEqual(['warn quit again while stopping: exiting now', 'exit 130']);
    release();
    await first;
    expect(f.log.filter((l) => l.startsWith('ask'))).toEqual(['ask 1', 'ask 2']);
  });

  it('a failing stop is logged and the app still exits', async () => {
    const f = flow([], async () => {
      throw new Error('nats-server would not stop');
    });
    await f.quit();
    expect(f.log.slice(-2)).toEqual(['error stopping: nats-server would not stop', 'exit 0']);
  });
});
