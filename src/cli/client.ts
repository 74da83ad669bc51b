// A master client for the CLI: connects to NATS and calls verbs through the typed client of
// src/bus (retrying `timeout` / `unavailable` with backoff, reusing the msgId).
import type { NatsConnection } from '@nats-io/nats-core';
import { closeConnection, masterClient, type MasterClient as TypedMasterClient } from '../bus/index.js';
import { connectNode } from '../bus/node.js';
import { shortHash } from '../shared/hash.js';

export interface MasterClient extends TypedMasterClient {
  nc: NatsConnection;
  close(): Promise<void>;
}

export function cliClientId(): string {
  return `cli-${shortHash(globalThis.crypto.randomUUID(), 10)}`;
}

export async function connectMaster(natsUrl: string, clientId = cliClientId()): Promise<MasterClient> {
  const nc = await connectNode(natsUrl, { name: clientId });
  return { ...masterClient(nc, clientId, { defaults: { attempts: 3 } }), nc, close: () => closeConnection(nc) };
}
