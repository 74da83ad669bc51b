// builtinServicesDir: the bundles in out/services only while they are newer than their sources.
// Temp project roots with mtimes set by hand (fs.utimesSync); no clock involved.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_MARKER, builtinServicesDir, newestSourceMtime } from './services.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

const T = 1_700_000_000_000; // a fixed instant; files get T +/- seconds
function root(): string {
  const r = fs.mkdtempSync(path.join(os.tmpdir(), 'f8-host-services-'));
  roots.push(r);
  return r;
}
function file(r: string, rel: string, mtimeMs: number, text = 'x'): string {
  const p = path.join(r, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  fs.utimesSync(p, mtimeMs / 1000, mtimeMs / 1000);
  return p;
}
/** A source checkout: a service, the SDK, shared, bus and a schema, all at T. */
function sources(r: string): void {
  file(r, 'services/logger/service.json', T);
  file(r, 'services/logger/src/main.ts', T);
  file(r, 'src/sdk/index.ts', T);
  file(r, 'src/shared/naming.ts', T);
  file(r, 'src/bus/index.ts', T);
  file(r, 'schemas/manifest.schema.json', T);
}
function built(r: string, marker: { builtAt: number; sources: number } | null, dirMtimeMs = T): string {
  file(r, 'out/services/logger/main.mjs', T);
  if (marker) file(r, `out/services/${BUILT_MARKER}`, T, JSON.stringify(marker));
  const out = path.join(r, 'out', 'services');
  fs.utimesSync(out, dirMtimeMs / 1000, dirMtimeMs / 1000);
  return out;
}
function warnings(): { warn(m: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (m) => void lines.push(m) };
}

describe('builtinServicesDir', () => {
  it('uses the TypeScript services when nothing is built', () => {
    const r = root();
    sources(r);
    const log = warnings();
    expect(builtinServicesDir({ root: r, log })).toEqual({ dir: path.join(r, 'services'), built: false });
    expect(log.lines).toEqual([]);
  });

  it('uses out/services when its marker says it was built from the newest sources', () => {
    const r = root();
    sources(r);
    const out = built(r, { builtAt: T + 5_000, sources: T });
    const log = warnings();
    expect(builtinServicesDir({ root: r, log })).toEqual({ dir: out, built: true });
    expect(log.lines).toEqual([]);
  });

  it('falls back to the TypeScript services, warning once, when any source is newer than the build', () => {
    for (const rel of ['services/logger/src/main.ts', 'src/sdk/index.ts', 'src/shared/naming.ts', 'src/bus/index.ts', 'schemas/manifest.schema.json', 'services/engine/operators.json']) {
      const r = root();
      sources(r);
      built(r, { builtAt: T + 5_000, sources: T });
      file(r, rel, T + 60_000);
      const log = warnings();
      expect(builtinServicesDir({ root: r, log }), rel).toEqual({ dir: path.join(r, 'services'), built: false });
      expect(builtinServicesDir({ root: r, log }).built).toBe(false);
      expect(log.lines).toEqual(['the built services in out/services are older than the sources: using the TypeScript services (npm run build:services to refresh)']);
    }
  });

  it('ignores tests and node_modules under the source folders', () => {
    const r = root();
    sources(r);
    const out = built(r, { builtAt: T + 5_000, sources: T });
    file(r, 'services/logger/src/main.test.ts', T + 60_000);
    file(r, 'src/sdk/host.int.test.ts', T + 60_000);
    file(r, 'services/logger/node_modules/dep/index.js', T + 60_000);
    expect(newestSourceMtime(r)).toBe(T);
    expect(builtinServicesDir({ root: r })).toEqual({ dir: out, built: true });
  });

  it('without a marker, compares with the mtime of out/services itself', () => {
    const fresh = root();
    sources(fresh);
    expect(builtinServicesDir({ root: fresh, log: warnings() })).toMatchObject({ built: false }); // nothing built yet
    const out = built(fresh, null, T + 1_000);
    expect(builtinServicesDir({ root: fresh })).toEqual({ dir: out, built: true });
    const stale = root();
    sources(stale);
    built(stale, null, T - 1_000);
    expect(builtinServicesDir({ root: stale, log: warnings() })).toEqual({ dir: path.join(stale, 'services'), built: false });
  });

  it('uses out/services when there are no sources at all (a packaged app)', () => {
    const r = root();
    const out = built(r, { builtAt: T - 1e9, sources: T - 1e9 }); // an old build: nothing to be older than
    expect(newestSourceMtime(r)).toBeNull();
    expect(builtinServicesDir({ root: r, log: warnings() })).toEqual({ dir: out, built: true });
  });

  it('uses out/services when the SDK sources are missing, however new the packaged manifests and schemas look', () => {
    const r = root();
    const out = built(r, { builtAt: T, sources: T });
    file(r, 'services/logger/service.json', T + 60_000);
    file(r, 'schemas/manifest.schema.json', T + 60_000);
    expect(builtinServicesDir({ root: r, log: warnings() })).toEqual({ dir: out, built: true });
  });

  it('prefers app.asar.unpacked/out/services for a root inside app.asar (a process cannot run inside the archive)', () => {
    const r = root();
    // plain Node sees app.asar as a folder here; Electron would show the archive's files under it
    fs.mkdirSync(path.join(r, 'app.asar', 'out', 'services'), { recursive: true });
    const unpacked = path.join(r, 'app.asar.unpacked', 'out', 'services');
    fs.mkdirSync(unpacked, { recursive: true });
    expect(builtinServicesDir({ root: path.join(r, 'app.asar') })).toEqual({ dir: unpacked, built: true });
  });
});
