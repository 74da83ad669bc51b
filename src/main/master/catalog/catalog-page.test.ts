// The `catalog` reply in pages (catalogPage): what fits, where the next page starts, and the
// errors that replace a reply too big for one NATS message.
import { describe, expect, it } from 'vitest';
import { F8Error } from '../../../shared/errors.js';
import type { CatalogEntry } from '../../../shared/types.js';
import { catalogPage, CATALOG_PAGE_MAX } from './catalog-page.js';

const entry = (i: number, blob = 0): CatalogEntry =>
  ({
    serviceClass: `test.s${String(i).padStart(3, '0')}`,
    manifest: { schemaVersion: 'f8service/1', serviceClass: `test.s${i}`, label: 's', version: '1.0.0', launch: { command: 'x' }, 'x-blob': 'x'.repeat(blob) },
    manifestHash: 'h'.repeat(64),
    path: `/s/${i}/service.json`,
    dir: `/s/${i}`,
  }) as unknown as CatalogEntry;

const thrown = (fn: () => unknown): F8Error => {
  try {
    fn();
  } catch (err) {
    if (err instanceof F8Error) return err;
    throw err;
  }
  throw new Error('expected an error');
};

describe('catalogPage', () => {
  const entries = Array.from({ length: 10 }, (_, i) => entry(i, 1000));
  const size = JSON.stringify({ services: entries, errors: [] }).length;

  it('an unpaged request gets the whole catalog as before (no total, no next) when it fits', () => {
    const r = catalogPage(entries, [{ path: '/p', message: 'm' }], {}, 1024 * 1024);
    expect(r).toEqual({ services: entries, errors: [{ path: '/p', message: 'm' }] });
  });

  it('an unpaged request over the limit is refused invalid, naming the size and how to page', () => {
    const err = thrown(() => catalogPage(entries, [], {}, size - 1));
    expect(err.code).toBe('invalid');
    expect(err.message).toContain(`${size} bytes`);
    expect(err.message).toContain(`over the ${size - 1} bytes`);
    expect(err.message).toMatch(/"offset": 0, "limit": \d+/);
    expect(err.payload).toMatchObject({ catalogBytes: size, maxBytes: size - 1, total: 10 });
  });

  it('pages follow `next` to the end: every entry once, in order, each page within the limit', () => {
    const max = 3500;
    const seen: string[] = [];
    let offset: number | undefined = 0;
    let pages = 0;
    while (offset !== undefined) {
      const r = catalogPage(entries, [], { offset }, max);
      expect(JSON.stringify(r).length).toBeLessThanOrEqual(max);
      expect(r.total).toBe(10);
      expect(r.services.length).toBeGreaterThan(0);
      seen.push(...r.services.map((s) => s.serviceClass));
      offset = r.next;
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(entries.map((e) => e.serviceClass));
  });

  it('a limit caps the page; an offset past the end is an empty last page', () => {
    expect(catalogPage(entries, [], { limit: 4 }, 1024 * 1024)).toMatchObject({ total: 10, next: 4 });
    expect(catalogPage(entries, [], { offset: 8, limit: 4 }, 1024 * 1024).next).toBeUndefined();
    expect(catalogPage(entries, [], { offset: 50 }, 1024 * 1024)).toEqual({ services: [], errors: [], total: 10 });
    expect(
      catalogPage(
        Array.from({ length: CATALOG_PAGE_MAX + 5 }, (_, i) => entry(i)),
        [],
        { offset: 0 },
        64 * 1024 * 1024,
      ).services,
    ).toHaveLength(CATALOG_PAGE_MAX);
  });

  it('one entry too big for any reply is unavailable, naming it', () => {
    const err = thrown(() => catalogPage([entry(1, 5000)], [], { offset: 0 }, 2000));
    expect(err.code).toBe('unavailable');
    expect(err.message).toContain("'test.s001'");
  });
});
