// The gateway's token: one random secret per data dir, kept in <data-dir>/gateway/token (mode
// 0600, its folder 0700) so scripts keep working across restarts. Every HTTP request carries it
// (`Authorization: Bearer <token>`); the gateway compares in constant time.
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import writeFileAtomic from 'write-file-atomic';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

export function gatewayTokenPath(dataDir: string): string {
  return path.join(dataDir, 'gateway', 'token');
}

/** The data dir's gateway token, created when absent or malformed. */
export function loadOrCreateGatewayToken(dataDir: string): string {
  const file = gatewayTokenPath(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(file), 0o700);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (TOKEN_PATTERN.test(existing)) {
      fs.chmodSync(file, 0o600);
      return existing;
    }
  } catch {
    // none yet
  }
  const token = randomBytes(32).toString('base64url');
  writeFileAtomic.sync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/** Whether `given` is the token (constant time in the token's content). */
export function tokenMatches(token: string, given: string | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 512) return false;
  const a = createHash('sha256').update(token).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
