// Connecting from Node (master, services, CLI) over TCP. Kept apart from the rest of src/bus
// so the browser bundle never pulls the Node transport in.
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectionOptions, redactUrl, type ConnectOptions } from './connection.js';
import { mapped } from './errors.js';

export function connectNode(url: string, opts: ConnectOptions): Promise<NatsConnection> {
  return mapped(`connect ${redactUrl(url)}`, () => connect(connectionOptions(url, opts)));
}
