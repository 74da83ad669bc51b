// Closing with unsaved changes is decided in main: the window is asked for its state (the last
// pushed state stands in when it does not answer), the question has Save / Don't Save / Cancel,
// Save waits for the window's save; requests are answered only by the window they went to.
import { describe, expect, it } from 'vitest';
import { closeQuestion, decideClose, WindowRequests, type CloseDeps, type DocumentSnapshot } from './close-flow.js';

function deps(doc: DocumentSnapshot | null, opts: { last?: DocumentSnapshot | null; answer?: 0 | 1 | 2; saved?: boolean } = {}) {
  const log: string[] = [];
  const d: CloseDeps = {
    queryDocument: async () => (log.push('query'), doc),
    lastKnown: () => opts.last ?? null,
    ask: async (x) => (log.push(`ask ${x.name}`), opts.answer ?? 2),
    save: async () => (log.push('save'), opts.saved ?? true),
  };
  return { d, log };
}

describe('the close question', () => {
  it('closes at once when nothing is unsaved, without a question', async () => {
    const { d, log } = deps({ dirty: false, name: 'a.f8graph' });
    expect(await decideClose(d)).toBe('close');
    expect(log).toEqual(['query']);
  });

  it("Cancel keeps the window; Don't Save closes; Save closes once saved, keeps it when the save was cancelled", async () => {
    const dirty = { dirty: true, name: 'demo.json' };
    expect(await decideClose(deps(dirty, { answer: 2 }).d)).toBe('keep');
    expect(await decideClose(deps(dirty, { answer: 1 }).d)).toBe('close');
    const saved = deps(dirty, { answer: 0, saved: true });
    expect(await decideClose(saved.d)).toBe('close');
    expect(saved.log).toEqual(['query', 'ask demo.json', 'save']);
    expect(await decideClose(deps(dirty, { answer: 0, saved: false }).d)).toBe('keep');
  });

  it('a window that does not answer is judged by the state it pushed last', async () => {
    expect(await decideClose(deps(null, { last: { dirty: true, name: 'x' }, answer: 2 }).d)).toBe('keep');
    expect(await decideClose(deps(null, { last: null }).d)).toBe('close');
  });

  it('asks with the document name and the three buttons, Save first and Cancel as the escape', () => {
    const q = closeQuestion({ dirty: true, name: 'demo.json' }, 'f8studio');
    expect(q.message).toContain('demo.json');
    expect(q.buttons).toEqual(['Save', "Don't Save", 'Cancel']);
    expect([q.defaultId, q.cancelId]).toEqual([0, 2]);
  });
});

describe('window requests', () => {
  it('a reply resolves only its own request, from its own window; unanswered ones time out to null', async () => {
    const r = new WindowRequests();
    const sent: number[] = [];
    const a = r.ask(1, (id) => sent.push(id), 5_000);
    const b = r.ask(2, (id) => sent.push(id), 30);
    expect(sent).toEqual([1, 2]);
    expect(r.answer(2, 1, { dirty: true })).toBe(false); // window 2 cannot answer window 1's question
    expect(r.answer(1, 1, { dirty: true })).toBe(true);
    expect(await a).toEqual({ dirty: true });
    expect(await b).toBeNull();
    expect(r.answer(2, 2, { dirty: false })).toBe(false); // too late
    const c = r.ask(3, () => {}, 5_000);
    r.dropWindow(3);
    expect(await c).toBeNull();
    expect(
      await r.ask(
        4,
        () => {
          throw new Error('window gone');
        },
        5_000,
      ),
    ).toBeNull();
  });
});
