// When `f8 master` / `f8 run` follow the process that started them (src/cli/parent.ts).
import { describe, expect, it } from 'vitest';
import { followsParent, watchParent } from './parent.js';

describe('following the parent process', () => {
  it('under a package runner by default; F8_EXIT_WITH_PARENT decides either way', () => {
    expect(followsParent({})).toBe(false); // a shell: nohup/setsid keep working
    expect(followsParent({ npm_command: 'exec', npm_lifecycle_event: 'npx' })).toBe(true);
    expect(followsParent({ npm_lifecycle_event: 'master' })).toBe(true); // npm run master
    expect(followsParent({ F8_EXIT_WITH_PARENT: '1' })).toBe(true);
    expect(followsParent({ npm_command: 'exec', F8_EXIT_WITH_PARENT: '0' })).toBe(false);
  });

  it('calls back once when re-parented, or when the parent pid is gone; nothing to watch under init', async () => {
    let ppid = 4242;
    const gone: number[] = [];
    const w = watchParent((pid) => gone.push(pid), { intervalMs: 5, ppid: () => ppid, exists: () => true });
    expect(w).not.toBeNull();
    await new Promise((r) => setTimeout(r, 30));
    expect(gone).toEqual([]);
    ppid = 1;
    await new Promise((r) => setTimeout(r, 30));
    expect(gone).toEqual([4242]);
    w?.dispose();

    let exists = true;
    const gone2: number[] = [];
    const w2 = watchParent((pid) => gone2.push(pid), { intervalMs: 5, ppid: () => 77, exists: () => exists });
    exists = false;
    await new Promise((r) => setTimeout(r, 30));
    expect(gone2).toEqual([77]);
    w2?.dispose();

    expect(watchParent(() => {}, { ppid: () => 1 })).toBeNull();
  });
});
