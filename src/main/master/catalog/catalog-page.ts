// The `catalog` verb's reply, in pages when asked (v1.1, additive): many large manifests (each
// under MAX_MANIFEST_BYTES) can add up to more than one NATS message carries (max_payload,
// 1 MiB on a default server). A request with `offset` or `limit` gets as many entries as fit,
// with `total` and `next` (the offset to ask next; absent on the last page). A request without
// them gets the whole catalog as before when it fits, else a clear `invalid` error that says
// how big it is and how to page: never a partial list the caller would take for the whole,
// never an `internal` error. The editor does not use the verb (it watches kv_f8_master_services).
import { F8Error } from '../../../shared/errors.js';
import type { CatalogEntry } from '../../../shared/types.js';
import type { CatalogProblem } from './manifest.js';

/** The most entries one page holds (a `limit` above is refused by the schema). */
export const CATALOG_PAGE_MAX = 1000;

export interface CatalogPageRequest {
  offset?: number;
  limit?: number;
}

export interface CatalogPage {
  services: CatalogEntry[];
  errors: CatalogProblem[];
  /** Paged requests: how many entries the catalog has. */
  total?: number;
  /** Paged requests: the offset of the next page; absent on the last one. */
  next?: number;
}

const bytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v), 'utf8');

/**
 * The reply payload of `catalog` for a request, within `maxBytes` (the transport's largest
 * message less the reply envelope around the payload). Throws `invalid` for an unpaged request
 * over the limit (with the way to page it), `unavailable` when one entry alone does not fit.
 */
export function catalogPage(entries: readonly CatalogEntry[], errors: readonly CatalogProblem[], req: CatalogPageRequest, maxBytes: number): CatalogPage {
  const total = entries.length;
  const paged = req.offset !== undefined || req.limit !== undefined;
  const errs = errors.map((e) => ({ ...e }));
  if (!paged) {
    const whole: CatalogPage = { services: [...entries], errors: errs };
    const size = bytes(whole);
    if (size <= maxBytes) return whole;
    const suggested = Math.max(1, Math.min(CATALOG_PAGE_MAX, Math.floor((maxBytes / size) * total * 0.9)));
    throw new F8Error(
      'invalid',
      `the catalog (${total} services, ${size} bytes) is over the ${maxBytes} bytes one reply can carry on this NATS server (max_payload): ` +
        `ask for it in pages, {"offset": 0, "limit": ${suggested}}, then each reply's "next" as the offset until it has none (or read kv_f8_master_services)`,
      { payload: { catalogBytes: size, maxBytes, total, limit: suggested } },
    );
  }
  const offset = req.offset ?? 0;
  const limit = Math.min(req.limit ?? CATALOG_PAGE_MAX, CATALOG_PAGE_MAX);
  const page: CatalogPage = { services: [], errors: errs, total };
  // the fixed part: errors, total and a `next` of the largest size it can have
  let size = bytes({ ...page, next: total });
  let i = offset;
  for (; i < total && page.services.length < limit; i++) {
    const entry = entries[i] as CatalogEntry;
    const add = bytes(entry) + (page.services.length ? 1 : 0);
    if (size + add > maxBytes) {
      if (page.services.length) break;
      throw new F8Error(
        'unavailable',
        `catalog entry '${entry.serviceClass}' (${entry.path}) takes ${add} bytes, more than the ${maxBytes} bytes one reply can carry on this NATS server (max_payload); raise max_payload or make its manifest smaller`,
        { payload: { serviceClass: entry.serviceClass, entryBytes: add, maxBytes } },
      );
    }
    page.services.push(entry);
    size += add;
  }
  if (i < total) page.next = i;
  return page;
}
