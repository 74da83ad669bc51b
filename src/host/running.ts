// How a client on this machine finds the master running on a data dir: the embedded server's
// record (server.json) and the credentials kept beside it (0600, the user's own).
import { natsPaths, readRecord } from '../main/nats/server.js';
import { readSecrets, withCredentials } from '../main/nats/secrets.js';

/** The NATS URL (with the master's credentials when the data dir has them) of the server running on `dataDir`, or undefined. */
export function runningMasterUrl(dataDir: string): string | undefined {
  const local = readRecord(natsPaths(dataDir).serverJson);
  if (!local) return undefined;
  const plain = `nats://127.0.0.1:${local.ports.nats}`;
  const secrets = readSecrets(dataDir);
  return secrets ? withCredentials(plain, 'master', secrets) : plain;
}
