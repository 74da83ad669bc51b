// The master's events the editor follows (f8.master.events.deploy and .system), read off the
// wire: each is checked against its schema (in the browser by the precompiled validators that
// main.tsx installs; the CSP forbids compiling one); one that fails is dropped and logged.
import { validate } from '../../../shared/schemas';
import type { DeployEvent, SystemEvent } from '../../../shared/generated/schema-types';

interface MasterEvents {
  'deploy-event': DeployEvent;
  'system-event': SystemEvent;
}

const dec = new TextDecoder();

/** The event in `data` if it passes its schema, else null (and a warning saying why). */
export function readMasterEvent<K extends keyof MasterEvents>(schema: K, data: Uint8Array): MasterEvents[K] | null {
  let raw: unknown;
  try {
    raw = JSON.parse(dec.decode(data));
  } catch {
    console.warn(`${schema} refused: not JSON`);
    return null;
  }
  const r = validate<MasterEvents[K]>(schema, raw);
  if (r.ok) return r.value;
  console.warn(`${schema} refused: ${r.message}`);
  return null;
}
