import { describe, expect, it } from 'vitest';
import { assertId, buckets, deriveBusId, deriveEdgeId, EDITOR_INSTANCE_ID, idProblem, keys, subjects } from './naming.js';
import { F8Error } from './errors.js';
import { base32, canonicalJson, etagOf, sha256Hex } from './hash.js';

describe('ids', () => {
  it('accepts valid instance ids and refuses reserved ones and bad syntax', () => {
    expect(idProblem('instanceId', 'signal-1')).toBeNull();
    expect(idProblem('instanceId', 'a'.repeat(64))).toBeNull();
    for (const bad of ['master', 'bus', 'state', 'events', 'logs', 'master_x']) expect(idProblem('instanceId', bad)).toMatch(/reserved/);
    for (const bad of ['', 'A', '-a', 'a.b', 'a b', 'a'.repeat(65), 'a>b', 'a*']) expect(idProblem('instanceId', bad)).toMatch(/must match/);
    expect(idProblem('instanceId', 42)).toMatch(/string/);
  });
  it('reserved words are fine as node ids, and class/port rules differ', () => {
    expect(idProblem('nodeId', 'master')).toBeNull();
    expect(idProblem('serviceClass', 'f8.engine')).toBeNull();
    expect(idProblem('serviceClass', 'f8..engine')).toMatch(/must match/);
    expect(idProblem('port', 'Value_1')).toBeNull();
    expect(idProblem('port', '1value')).toMatch(/must match/);
    expect(idProblem('clientId', 'Editor_Tab-1')).toBeNull();
    expect(idProblem('clientId', 'a.b')).toMatch(/must match/);
  });
  it('assertId throws invalid naming the id and the rule', () => {
    try {
      assertId('instanceId', 'Bad.Id');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(F8Error);
      expect((err as F8Error).code).toBe('invalid');
      expect((err as F8Error).message).toContain("'Bad.Id'");
      expect((err as F8Error).message).toContain('^[a-z0-9]');
    }
  });
});

describe('subjects, buckets and keys', () => {
  it('builds every contract name', () => {
    expect(subjects.masterVerb('ping')).toBe('f8.master.ping');
    expect(subjects.masterVerb('registry.register')).toBe('f8.master.registry.register');
    expect(subjects.masterVerbOf('f8.master.registry.unregister')).toBe('registry.unregister');
    expect(subjects.masterVerbOf('f8.other.x')).toBeNull();
    expect(subjects.instanceVerb('sig1', 'activate')).toBe('f8.sig1.activate');
    expect(subjects.srvPing('sig1')).toBe('$SRV.PING.sig1');
    expect(subjects.srvPing()).toBe('$SRV.PING');
    expect(subjects.masterLogs('sig1')).toBe('f8.master.logs.sig1');
    expect(subjects.bus('babc')).toBe('f8.bus.babc');
    expect(subjects.busGet('babc')).toBe('f8.bus.babc.get');
    expect(buckets.instance('sig1')).toBe('kv_f8_sig1');
    expect(keys.state('n1', 'freq')).toBe('nodes.n1.state.freq');
    expect(keys.parseState('nodes.n1.state.freq')).toEqual({ nodeId: 'n1', field: 'freq' });
    expect(keys.parseState('status/summary')).toBeNull();
    expect(keys.stateWatch()).toBe('nodes.*.state.>');
  });
  it('refuses a token that would break a subject', () => {
    expect(() => subjects.instanceVerb('a.b', 'status')).toThrow(/instanceId/);
    expect(() => buckets.instance('master')).toThrow(/reserved/);
    expect(() => keys.state('n1', 'a.b')).toThrow(/field/);
  });
});

describe('derived ids and hashes', () => {
  it('edge and bus ids follow the contract formula', () => {
    const from = { nodeId: 'a', port: 'out' };
    const to = { nodeId: 'b', port: 'in' };
    const id = deriveEdgeId(from, to, 'data');
    expect(id).toMatch(/^e[a-z2-7]{20}$/);
    expect(id).toBe(`e${base32(hexToBytes(sha256Hex('a|out|b|in|data'))).slice(0, 20)}`);
    expect(deriveEdgeId(from, to, 'state')).not.toBe(id);
    expect(deriveBusId('inst', 'node', 'port')).toMatch(/^b[a-z2-7]{20}$/);
    expect(EDITOR_INSTANCE_ID).toBe(`ed${base32(hexToBytes(sha256Hex('editor'))).slice(0, 16)}`);
    expect(idProblem('instanceId', EDITOR_INSTANCE_ID)).toBeNull();
  });
  it('base32 matches RFC 4648 vectors (lowercase, no padding)', () => {
    const enc = (s: string) => base32(new TextEncoder().encode(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('my');
    expect(enc('fo')).toBe('mzxq');
    expect(enc('foob')).toBe('mzxw6yq');
    expect(enc('foobar')).toBe('mzxw6ytboi');
  });
  it('canonical JSON sorts keys at every depth and etags ignore key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
    expect(etagOf({ x: 1, y: 2 })).toBe(etagOf({ y: 2, x: 1 }));
    expect(etagOf({ x: 1 })).not.toBe(etagOf({ x: 2 }));
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

describe('bus subject parts', () => {
  it('busIdOf and busGetOf read a bus subject; anything else is invalid', () => {
    const id = deriveBusId('inst', 'node', 'port');
    expect(subjects.busIdOf(subjects.bus(id))).toBe(id);
    expect(subjects.busGetOf(subjects.bus(id))).toBe(subjects.busGet(id));
    expect(() => subjects.busIdOf('f8.master.ping')).toThrow(/not a bus subject/);
    expect(() => subjects.busGetOf('f8.bus.Bad-ID')).toThrow(/busId/);
  });
});
