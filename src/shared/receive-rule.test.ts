import { describe, expect, it } from 'vitest';
import { dataProblem, requestProblem } from './receive-rule.js';

const headers =
  (...names: string[]) =>
  (n: string) =>
    names.includes(n);

describe('what a verb endpoint acts on', () => {
  it('a request: its own subject, a reply subject outside $JS., no JetStream headers', () => {
    expect(requestProblem({ subject: 'f8.a.status', reply: '_INBOX.x.1' }, 'f8.a.status')).toBeNull();
    expect(requestProblem({ subject: 'f8.a.status', reply: '_INBOX.x.1', hasHeader: headers('traceparent') })).toBeNull();
  });
  it('drops the three redirected shapes and a foreign subject', () => {
    expect(requestProblem({ subject: 'f8.a.terminate', reply: '$JS.ACK.KV_kv_f8_b.c.1.1.1.1.0' }, 'f8.a.terminate')).toMatch(/delivery/);
    expect(requestProblem({ subject: 'f8.a.terminate', hasHeader: headers('Nats-Stream', 'Nats-Sequence') })).toMatch(/no reply subject/);
    expect(requestProblem({ subject: 'f8.a.terminate', reply: '_INBOX.q', hasHeader: headers('Nats-Stream') })).toMatch(/JetStream headers/);
    expect(requestProblem({ subject: 'f8.a.terminate', reply: '' })).toMatch(/no reply subject/);
    expect(requestProblem({ subject: 'f8.b.terminate', reply: '_INBOX.q' }, 'f8.a.terminate')).toMatch(/not the endpoint's/);
  });
});

describe('what a data receiver delivers', () => {
  it('plain publishes only', () => {
    expect(dataProblem({ subject: 'f8.bus.b1' })).toBeNull();
    expect(dataProblem({ subject: 'f8.bus.b1', reply: '$JS.ACK.x' })).toMatch(/delivery/);
    expect(dataProblem({ subject: 'f8.bus.b1', reply: '_INBOX.q' })).toMatch(/request/);
    expect(dataProblem({ subject: 'f8.bus.b1', hasHeader: headers('Nats-Stream') })).toMatch(/direct get/);
  });
});
