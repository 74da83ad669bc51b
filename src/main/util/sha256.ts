// node:crypto's SHA-256 for the pure compiler (CompileOptions.sha256): the same digest as the pure
// one the browser uses, several times faster.
import { createHash } from 'node:crypto';
import type { Sha256 } from '../../shared/hash.js';

export const nativeSha256: Sha256 = (text) => createHash('sha256').update(text).digest();
