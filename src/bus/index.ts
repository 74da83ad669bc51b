// The one typed NATS client layer (docs/architecture.md): imports only src/shared and the NATS
// packages, no node:*, so the master, the services, the CLI and the browser editor share it.
// Node callers connect with ./node.js (connectNode); the browser with connectWs.
export { natsErrorCode, toBusError, mapped } from './errors.js';
export { connectionOptions, connectWs, closeConnection, parseServerUrl, redactUrl, type ConnectOptions, type Credentials, type ParsedServerUrl } from './connection.js';
export { NatsTransport } from './transport.js';
export { discoverStorePrefix, NatsJsonKv, NatsKvProvider } from './kv.js';
export { KvView, ViewKvProvider } from './kv-view.js';
export { addMicroService, discoverServices, pingService, type MicroServiceSpec, type ServiceIdentity } from './services.js';
export { instanceClient, masterClient, type ClientOptions, type InstanceClient, type MasterClient, type VerbCallOptions, type VerbClient } from './clients.js';
export { ConnectionWatch, type ConnectionEvents } from './connection-watch.js';
