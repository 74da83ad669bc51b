// The gateway's own front door against a real master: where it listens, what it refuses (with
// the mapped status and a reply envelope as the body) and that a refused request reaches nothing
// on NATS; the master keeps serving through it all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../../shared/schemas.js';
import { MAX_ENVELOPE_BYTES } from '../../shared/envelope.js';
import { startMasterFixture, type MasterFixture } from '../../main/master/testing.js';
import { http, startGatewayBench, TEST_TOKEN, type GatewayBench, type HttpAnswer } from './testing.js';

function isErrorEnvelope(a: HttpAnswer, code: string): void {
  expect(a.headers['content-type']).toMatch(/^application\/json/);
  expect(validate('envelope-reply', a.json).ok, a.text).toBe(true);
  expect(a.json.status).toBe('error');
  expect(a.json.errorCode).toBe(code);
  expect(String(a.json.errorMessage).length).toBeGreaterThan(0);
}

describe('the HTTP gateway', () => {
  let f: MasterFixture;
  let g: GatewayBench;
  beforeAll(async () => {
    f = await startMasterFixture();
    g = await startGatewayBench(f);
  }, 60_000);
  afterAll(async () => {
    await g?.close();
    await f?.stop();
  });

  it('listens on 127.0.0.1 only', () => {
    expect(g.gateway.address.address).toBe('127.0.0.1');
    expect(g.gateway.address.family).toBe('IPv4');
    expect(g.gateway.apiUrl).toBe(`http://127.0.0.1:${g.port}/api/v1`);
  });

  it('forwards a verb as the editor and answers its reply envelope', async () => {
    const a = await g.post('/master/ping', { clientId: 'gw-one' }, { 'client-id': 'gw-one', 'trace-id': 'trace-1', 'msg-id': 'm-1' });
    expect(a.status).toBe(200);
    expect(validate('envelope-reply', a.json).ok).toBe(true);
    expect(a.json).toMatchObject({ status: 'ok', clientId: 'gw-one', traceId: 'trace-1', msgId: 'm-1', hop: 1, payload: { holder: 'gw-one' } });
    expect(a.headers['access-control-allow-origin']).toBeUndefined();
    expect(g.forwarded).toContain('f8.master.ping');
  });

  it('answers 401 without the token and 421 for a foreign Host, and sends nothing on NATS', async () => {
    const before = g.forwarded.length;
    const refused: [HttpAnswer, number, string][] = [];
    const seen = await g.requestsDuring(async () => {
      refused.push(...(await refusedRequests(g)));
      // a valid request afterwards is seen (the watcher works), and nothing before it was
      const ok = await http(g.port, 'POST', '/api/v1/master/instances', { headers: { host: `localhost:${g.port}` } });
      expect(ok.status).toBe(200);
    });
    expect(seen).toEqual(['f8.master.instances']);
    expect(g.forwarded.slice(before)).toEqual(['f8.master.instances']);
    for (const [a, status, code] of refused) {
      expect(a.status, a.text).toBe(status);
      isErrorEnvelope(a, code);
    }
  });

  async function refusedRequests(g: GatewayBench): Promise<[HttpAnswer, number, string][]> {
    return [
      [await http(g.port, 'POST', '/api/v1/master/instances', { token: null }), 401, 'unauthorized'],
      [await http(g.port, 'POST', '/api/v1/master/instances', { token: 'wrong-token' }), 401, 'unauthorized'],
      [await http(g.port, 'POST', '/api/v1/master/stopGraph', { token: null, body: {} }), 401, 'unauthorized'],
      [await http(g.port, 'POST', '/api/v1/master/instances', { headers: { host: 'evil.example' } }), 421, 'invalid'],
      [await http(g.port, 'POST', '/api/v1/master/instances', { headers: { host: `attacker.test:${g.port}` } }), 421, 'invalid'],
      [await http(g.port, 'POST', '/api/v1/master/instances', { headers: { host: `127.0.0.1:${g.port + 1}` } }), 421, 'invalid'],
      [await http(g.port, 'GET', '/api/docs/', { token: null }), 401, 'unauthorized'],
      [await http(g.port, 'GET', '/api/docs/', { headers: { host: 'rebound.example' } }), 421, 'invalid'],
    ];
  }

  it('maps bad HTTP input to 400/404/405/413/415 with a reply envelope, and the master keeps serving', async () => {
    const before = g.forwarded.length;
    const cases: [HttpAnswer, number, string][] = [
      [await http(g.port, 'POST', '/api/v1/master/instances', { body: 'hello', headers: { 'content-type': 'text/plain' } }), 415, 'invalid'],
      [await http(g.port, 'POST', '/api/v1/master/instances', { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'invalid'],
      [await http(g.port, 'POST', '/api/v1/master/instances', { body: '{"broken":' }), 400, 'invalid'],
      [await http(g.port, 'POST', '/api/v1/master/instances', { body: Buffer.alloc(MAX_ENVELOPE_BYTES + 1, 0x20) }), 413, 'invalid'],
      [await http(g.port, 'POST', '/api/v1/master/nosuchverb', { body: {} }), 404, 'not-found'],
      [await http(g.port, 'POST', '/api/v1/elsewhere', { body: {} }), 404, 'not-found'],
      [await http(g.port, 'GET', '/api/v1/master/instances'), 405, 'invalid'],
      [await http(g.port, 'PUT', '/api/v1/master/ping', { body: {} }), 405, 'invalid'],
      [await http(g.port, 'DELETE', '/api/v1/instances/sig/status'), 405, 'invalid'],
      [await http(g.port, 'POST', '/api/v1/instances/NOT_AN_ID/status', { body: {} }), 400, 'invalid'],
      [await http(g.port, 'POST', '/api/v1/master/instances', { body: {}, headers: { 'client-id': 'has space' } }), 400, 'invalid'],
      [await http(g.port, 'POST', '/api/v1/master/instances', { body: '['.repeat(100) + ']'.repeat(100) }), 400, 'invalid'],
    ];
    for (const [a, status, code] of cases) {
      expect(a.status, a.text).toBe(status);
      isErrorEnvelope(a, code);
    }
    expect(cases[6]![0].headers.allow).toBe('POST');
    // none of these reached NATS
    expect(g.forwarded.slice(before)).toEqual([]);
    // the payload's own checks are the master's: an invalid payload is its `invalid` reply
    const bad = await g.post('/master/logs', { instanceId: 'x', lines: -1 });
    expect(bad.status).toBe(400);
    isErrorEnvelope(bad, 'invalid');
    expect(bad.json.errorMessage).toContain('lines');
    // still serving, through the gateway and on NATS
    expect((await g.post('/master/catalog')).status).toBe(200);
    expect(await f.call('instances', {})).toMatchObject({ instances: [] });
  });

  it('answers an instance that does not run with 503, and an unknown instance verb path with 404', async () => {
    const a = await g.post('/instances/nobody/status', {});
    expect(a.status).toBe(503);
    isErrorEnvelope(a, 'unavailable');
    const b = await g.post('/instances/nobody/reboot', {});
    expect(b.status).toBe(404);
    isErrorEnvelope(b, 'not-found');
  });

  it('serves Swagger UI and the bundled document with the token (header, or the cookie its ?token= link sets)', async () => {
    const link = await http(g.port, 'GET', `/api/docs?token=${TEST_TOKEN}`, { token: null });
    expect(link.status).toBe(303);
    expect(link.headers.location).toBe('/api/docs/');
    const setCookie = String(link.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/api\/docs/);
    const cookie = setCookie.split(';')[0] as string;
    const page = await http(g.port, 'GET', '/api/docs/', { token: null, headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui');
    expect(page.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
    const spec = await http(g.port, 'GET', '/api/docs/json', { token: null, headers: { cookie } });
    expect(spec.status).toBe(200);
    expect(spec.json.openapi).toBe('3.1.0');
    expect(spec.text).not.toMatch(/"\$ref":"(?!#\/)/);
    // the cookie is for the docs only: the verbs need the header
    expect((await http(g.port, 'POST', '/api/v1/master/instances', { token: null, headers: { cookie } })).status).toBe(401);
  });
});
