// `$SRV` (NATS micro service protocol) probes, as the master uses them.
import { subjects } from '../../../shared/naming.js';
import type { BusClient } from '../../../shared/ports.js';

export interface SrvPing {
  name?: string;
  id?: string;
  version?: string;
  metadata?: Record<string, string>;
}

const empty = new Uint8Array(0);
const decoder = new TextDecoder();

function parsePing(data: Uint8Array): SrvPing | null {
  try {
    const v = JSON.parse(decoder.decode(data)) as unknown;
    return v && typeof v === 'object' ? (v as SrvPing) : null;
  } catch {
    return null;
  }
}

/** Pings the instance's micro service (PING by name); null when nobody answers in time. */
export async function pingInstance(bus: BusClient, instanceId: string, timeoutMs: number): Promise<SrvPing | null> {
  try {
    const data = await bus.request(subjects.srvPing(instanceId), empty, timeoutMs);
    return parsePing(data) ?? {};
  } catch {
    return null;
  }
}

/** Every micro service that answers a PING to all within `waitMs`. */
export async function discoverServices(bus: BusClient, waitMs: number): Promise<SrvPing[]> {
  const replies = await bus.collect(subjects.srvPing(), empty, waitMs);
  return replies.map(parsePing).filter((p): p is SrvPing => p !== null);
}
