// The renderer's link to the master: NATS over WebSocket and the typed master client of
// src/bus. Reply envelopes are validated (precompiled ajv validators, installed in main.tsx)
// before anything uses them.
import type { NatsConnection } from '@nats-io/nats-core';
import { closeConnection, connectWs, masterClient, type MasterClient } from '../../bus/index';

export interface MasterLink extends MasterClient {
  nc: NatsConnection;
  close(): Promise<void>;
}

export async function connectMaster(wsUrl: string, clientId: string): Promise<MasterLink> {
  const nc = await connectWs(wsUrl, { name: `f8-editor-${clientId}` });
  return { ...masterClient(nc, clientId), nc, close: () => closeConnection(nc) };
}
