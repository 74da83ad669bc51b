// A service launched by the master is told the manifestHash its catalog validated
// (F8_MANIFEST_HASH): the same manifest is not validated again; any other one still is.
import { describe, expect, it } from 'vitest';
import { ServiceHost } from './host.js';
import { etagOf } from '../shared/hash.js';
import type { Manifest } from '../shared/types.js';

const good = { schemaVersion: 'f8service/1', serviceClass: 'test.trust', label: 'Trust', version: '0.1.0', launch: { command: 'x' } };
// a version the schema refuses: only the schema check can tell
const bad = { ...good, version: 'one' };
const host = (manifest: object, env: Record<string, string> = {}) => new ServiceHost({ manifest: manifest as Manifest }, { env: { F8_NATS_URL: 'nats://127.0.0.1:1', ...env } });

describe('manifest check at start', () => {
  it('validates the manifest when no hash is given, or another one', () => {
    expect(host(good).manifest.serviceClass).toBe('test.trust');
    expect(() => host(bad)).toThrow(/version/);
    expect(() => host(bad, { F8_MANIFEST_HASH: etagOf(good) })).toThrow(/version/);
  });

  it('takes the manifest the master validated (same hash) as it is', () => {
    // the refused version shows that no check ran; a real catalog never hands out such a hash
    expect(host(bad, { F8_MANIFEST_HASH: etagOf(bad) }).manifest.version).toBe('one');
  });
});
