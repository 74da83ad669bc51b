// The editor's bridge against a real master (Node with the `ws` WebSocket, the same code the
// browser runs): it takes the lease, follows the catalog KV, and lists the operators a running
// engine reports (a plugin's included) in the palette and the compile catalog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, manifest, startEditorMasterFixture, writeManifest, type MasterFixture } from '../../../main/master/testing';
import { createEditor } from '../store/editor';
import { paletteItems } from '../panels/palette-items';
import { startSession, type Session } from './session';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

describe('editor bridge (real master over WebSocket)', () => {
  let f: MasterFixture;
  let session: Session | null = null;
  const editor = createEditor({ clientId: 'editor-test' });
  const store = editor.store;

  beforeAll(async () => {
    f = await startEditorMasterFixture();
  }, 60_000);
  afterAll(async () => {
    await session?.dispose();
    await f?.stop();
  });

  it('takes the lease, loads the catalog, and lists a running engine plugin operator', async () => {
    session = await startSession(f.nats.wsUrl, editor, { token: f.nats.server.editorToken });
    expect(store.getState().connection).toBe('connected');
    expect(store.getState().lease).toMatchObject({ role: 'holder', holder: 'editor-test' });
    await eventually(() => store.getState().entries.some((e) => e.serviceClass === 'f8.engine'), 'the catalog');
    const shipped = paletteItems(store.getState().entries)
      .filter((i) => i.group === 'Operators')
      .map((i) => i.cls);
    expect(shipped).not.toContain('example.square');

    // a second editor is a viewer, told who holds the lease
    const secondEditor = createEditor({ clientId: 'editor-second' });
    const second = secondEditor.store;
    const s2 = await startSession(f.nats.wsUrl, secondEditor, { token: f.nats.server.editorToken });
    expect(second.getState().lease).toMatchObject({ role: 'viewer', holder: 'editor-test' });
    await s2.dispose();
    await f.call('startInstance', { serviceClass: 'f8.engine', instanceId: 'eng-live' }, { clientId: 'editor-test', timeoutMs: 40_000 });
    await eventually(() => store.getState().runningEngines.some((r) => r.instanceId === 'eng-live' && r.operators.some((o) => o.operatorClass === 'example.square')), 'the engine operators', 30_000);
    const items = paletteItems(store.getState().entries, store.getState().runningEngines)
      .filter((i) => i.group === 'Operators')
      .map((i) => i.cls);
    expect(items).toContain('example.square');
    expect(items.filter((c) => c === 'smooth')).toHaveLength(1);
    expect(store.getState().compileCatalog.engineOperators?.['eng-live']?.some((o) => o.operatorClass === 'example.square')).toBe(true);
    // the live view of it: registry record, status/summary, stats (asked once a second), its log
    await eventually(
      () => store.getState().live['eng-live']?.record?.status === 'deactivated' && store.getState().live['eng-live']?.summary?.status === 'deactivated',
      'the live record and summary',
      30_000,
    );
    await eventually(() => (store.getState().live['eng-live']?.stats?.pid ?? 0) > 0, 'stats of the running engine', 30_000);
    const logs = session.followLogs('eng-live');
    await eventually(() => editor.logs.get('eng-live').lines.some((l) => l.text.includes('eng-live')), 'the log backlog', 20_000);
    await logs.dispose();
    await f.call('stopInstance', { instanceId: 'eng-live' }, { clientId: 'editor-test', timeoutMs: 20_000 });
    await eventually(() => !store.getState().runningEngines.some((r) => r.instanceId === 'eng-live'), 'the stopped engine leaves the palette', 30_000);
    // not deployed, no longer registered: its log buffer is freed
    await eventually(() => !editor.logs.has('eng-live'), 'the stopped engine frees its log', 30_000);
  }, 90_000);

  it('a manifest added on disk appears in the catalog without a reload; a removed one goes', async () => {
    const path = await writeManifest(f.servicesDir, 'late', manifest('test.late', { label: 'Late service' }));
    await eventually(() => store.getState().entries.some((e) => e.serviceClass === 'test.late'), 'the new manifest in the editor', 20_000);
    expect(paletteItems(store.getState().entries).some((i) => i.label === 'Late service')).toBe(true);
    const { rm } = await import('node:fs/promises');
    await rm(path);
    await eventually(() => !store.getState().entries.some((e) => e.serviceClass === 'test.late'), 'the removed manifest gone', 20_000);
  }, 60_000);
});
