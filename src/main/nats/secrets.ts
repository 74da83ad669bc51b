// The embedded nats-server's credentials: one password per role, generated once per data dir and
// kept in <data-dir>/nats/secrets.json (mode 0600, its folder 0700). nats-server checks them
// itself (the config's authorization block). Roles: the master (and the CLI, acting for the user
// who runs f8studio), the editor (browser or desktop window), and the services the master
// launches (each gets its credentials by environment, never on a command line).
import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import writeFileAtomic from 'write-file-atomic';

import { NATS_USERS } from '../../shared/naming.js';

export { NATS_USERS };
export type NatsRole = keyof typeof NATS_USERS;
export type NatsSecrets = Record<NatsRole, string>;

export function secretsPath(dataDir: string): string {
  return path.join(dataDir, 'nats', 'secrets.json');
}

const newSecret = (): string => randomBytes(24).toString('base64url');

function parse(text: string): NatsSecrets | null {
  try {
    const v = JSON.parse(text) as Partial<NatsSecrets>;
    const ok = (s: unknown): s is string => typeof s === 'string' && /^[A-Za-z0-9_-]{16,}$/.test(s);
    return ok(v.master) && ok(v.editor) && ok(v.service) ? { master: v.master, editor: v.editor, service: v.service } : null;
  } catch {
    return null;
  }
}

/** The data dir's secrets, created (0600) when absent or unreadable. */
export function loadOrCreateSecrets(dataDir: string): NatsSecrets {
  const file = secretsPath(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(file), 0o700);
  const existing = readSecrets(dataDir);
  if (existing) {
    fs.chmodSync(file, 0o600);
    return existing;
  }
  const secrets: NatsSecrets = { master: newSecret(), editor: newSecret(), service: newSecret() };
  writeFileAtomic.sync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** The secrets if the data dir has them (the CLI reads them to reach the local master). */
export function readSecrets(dataDir: string): NatsSecrets | null {
  try {
    return parse(fs.readFileSync(secretsPath(dataDir), 'utf8'));
  } catch {
    return null;
  }
}

/** An instance's own password, derived from the services' secret (nothing more to keep: a restarted master finds the same). */
export function instancePassword(secrets: NatsSecrets, instanceId: string): string {
  return createHmac('sha256', secrets.service).update(`instance:${instanceId}`).digest('base64url');
}

export function withUser(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString().replace(/\/$/, '');
}

/** `nats://user:password@host:port` (the form the nats CLI and nats.go accept; src/bus parses it for nats.js). */
export function withCredentials(url: string, role: NatsRole, secrets: NatsSecrets): string {
  const u = new URL(url);
  u.username = NATS_USERS[role];
  u.password = secrets[role];
  return u.toString().replace(/\/$/, '');
}
