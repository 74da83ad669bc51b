// The renderer's precompiled validators are up to date and agree with the run-time ones.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generate, OUTPUT, RENDERER_SCHEMAS } from './gen-validators.js';
import { validate } from '../src/shared/schemas.js';
import { buildRequest, okReply, errorReply } from '../src/shared/envelope.js';

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
});
