// Property-based bad input on disk (issue 12): manifests as a user's editor or a broken tool
// might leave them. Loading never throws: a manifest is accepted or refused with a message.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from './manifest.js';
import { repoServicesDir } from '../testing.js';
import { fuzzParams, mutatedText } from '../../../../test/support/fuzz.js';

const dir = mkdtempSync(join(tmpdir(), 'f8-manifest-fuzz-'));
const signal = JSON.parse(readFileSync(join(repoServicesDir, 'signal', 'service.json'), 'utf8')) as Record<string, unknown>;

describe('files on disk (property)', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a manifest on disk is accepted or refused with a message; loading never throws', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(mutatedText(signal), async (content) => {
        const file = join(dir, 'service.json');
        writeFileSync(file, content);
        const r = await loadManifest(file);
        if (!r.ok) {
          refused++;
          expect(typeof r.message).toBe('string');
          expect(r.message.length).toBeGreaterThan(0);
        }
      }),
      fuzzParams(200),
    );
    expect(refused).toBeGreaterThan(0);
  });
});
