// The service's manifest: where a service module finds its service.json, and loading it
// (validated against the manifest schema unless the master already did).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etagOf } from '../shared/hash.js';
import { validate } from '../shared/schemas.js';
import type { Manifest } from '../shared/types.js';

/**
 * The service.json of a service module: beside its folder (`<service>/src/main.ts` ->
 * `<service>/service.json`), else beside the module itself (a bundle, `<service>/main.mjs`, from
 * scripts/build-services.ts), else in the working folder (the launcher starts a service in its
 * manifest's folder, which also covers a compiled copy under dist/).
 */
export function manifestBeside(moduleUrl: string, name = 'service.json'): string {
  const file = fileURLToPath(moduleUrl);
  const candidates = [join(dirname(dirname(file)), name), join(dirname(file), name), resolve(name)];
  return candidates.find((c) => existsSync(c)) ?? (candidates[0] as string);
}

/**
 * The manifest, validated; or, when the master that launched us names the manifestHash of the
 * manifest its catalog validated (F8_MANIFEST_HASH) and this one hashes the same, taken as it is:
 * the same content needs no second check (its patterns alone cost ~25 ms of every start).
 */
export function loadManifest(m: Manifest | string, validatedHash: string | undefined): Manifest {
  const raw = typeof m === 'string' ? (JSON.parse(readFileSync(m, 'utf8')) as unknown) : m;
  if (validatedHash !== undefined && etagOf(raw) === validatedHash) return raw as Manifest;
  const r = validate<Manifest>('manifest', raw);
  if (!r.ok) throw new Error(`manifest ${typeof m === 'string' ? m : ''}: ${r.message}`);
  return r.value;
}
