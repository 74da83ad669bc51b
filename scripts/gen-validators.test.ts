// The renderer's precompiled validators are up to date and agree with the run-time ones.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generate, OUTPUT, RENDERER_SCHEMAS } from './gen-validators.js';
import { validate } from '../src/shared/schemas.js';
import { buildRequest, okReply, errorReply } from '../src/shared/envelope.js';
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { SERVICE_SCHEMAS } from './build-services.js';

describe('generated validators', () => {
  it('match schemas/ (regenerate with npx tsx scripts/gen-validators.ts)', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(generate());
  });

  it('accept and refuse the same values as the run-time validators', async () => {
    const { validators } = (await import('../src/renderer/src/generated/validators.js')) as { validators: Record<string, (v: unknown) => boolean> };
    expect(Object.keys(validators).sort()).toEqual([...RENDERER_SCHEMAS].sort());
    const req = buildRequest({}, { clientId: 'c1' });
    const samples: [string, unknown][] = [
      ['envelope-reply', okReply(req, { x: 1 })],
      ['envelope-reply', errorReply(req, 'invalid', 'bad')],
      ['envelope-reply', { ...okReply(req, {}), status: 'maybe' }],
      ['envelope-reply', { ...errorReply(req, 'invalid', 'bad'), errorMessage: '' }],
      ['status-summary', { status: 'activated', ts: 1 }],
      ['status-summary', { status: 'unresponsive', ts: 1 }],
      ['state-entry', { value: 1, source: 'editor', actor: 'a', ts: 1 }],
      ['state-entry', { value: 1, source: 'someone', actor: 'a', ts: 1 }],
      ['service-graph', { schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes: [], edges: [] }],
      ['service-graph', { schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes: [{ nodeId: 'master', kind: 'service', serviceClass: 'f8.x' }], edges: [] }],
    ];
    for (const [name, value] of samples) {
      const runtime = validate(name as 'envelope-reply', value).ok;
      expect(validators[name]!(value), `${name} ${JSON.stringify(value)}`).toBe(runtime);
    }
    expect(samples.filter(([n, v]) => validate(n as 'envelope-reply', v).ok).length).toBe(5);
  });

  it("the services' validators (formats checked) refuse and accept what the run-time ones do, envelopes and verbs included", async () => {
    // bundled as scripts/build-services.ts bundles them (they import re2js and ajv-formats), then imported
    const out = await build({
      stdin: { contents: generate(SERVICE_SCHEMAS, { formats: true }), resolveDir: resolve(import.meta.dirname, '..'), loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]!.text;
    const { validators } = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as { validators: Record<string, (v: unknown) => boolean> };
    expect(Object.keys(validators).sort()).toEqual([...SERVICE_SCHEMAS].sort());
    const req = buildRequest({ nodeId: 'n1', field: 'gain', value: 2 }, { clientId: 'c1' });
    const samples: [string, unknown][] = [
      ['envelope-request', req],
      ['envelope-request', { ...req, ts: 'yesterday' }],
      ['envelope-request', { ...req, ts: '2026-13-40T25:00:00Z' }],
      ['envelope-request', { ...req, clientId: 'no spaces' }],
      ['envelope-reply', okReply(req, { x: 1 })],
      ['envelope-reply', { ...okReply(req, {}), ts: '2026-12-04' }],
      ['envelope-reply', { ...errorReply(req, 'invalid', 'bad'), errorMessage: '' }],
      ['instance.setState', req.payload],
      ['instance.setState', { nodeId: 'n1', value: 2 }],
      ['instance.activate', {}],
      ['instance.deployOpGraph', { subgraph: {}, expectedDeployRevision: null }],
    ];
    for (const [name, value] of samples) {
      const runtime = validate(name as 'envelope-reply', value);
      expect(validators[name]!(value), `${name} ${JSON.stringify(value)}`).toBe(runtime.ok);
    }
    expect(samples.filter(([n, v]) => validate(n as 'envelope-reply', v).ok).length).toBe(4);
  });
});
