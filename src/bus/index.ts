// The one typed NATS client layer (docs/architecture.md): imports only src/shared and the NATS
// packages, no node:*, so the master, the services, the CLI and the browser editor share it.
// Node callers connect with ./node.js (connectNode); the browser with connectWs.
export { connectWs, closeConnection } from './connection.js';
export { NatsTransport } from './transport.js';
export { discoverStorePrefix, NatsKvProvider } from './kv.js';
export { ViewKvProvider } from './kv-view.js';
export { addMicroService, discoverServices, pingService } from './services.js';
export { instanceClient, masterClient, type InstanceClient, type MasterClient } from './clients.js';
export { ConnectionWatch } from './connection-watch.js';
