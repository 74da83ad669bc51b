// The test run's marker: one value per run of `npm test` (or of vitest alone), in the environment
// of every process the run starts, so the run can tell its own processes from a user's.
import { randomBytes } from 'node:crypto';

export const RUN_MARKER_VAR = 'F8_TEST_RUN';

/** This run's marker, chosen on first use and kept in process.env so that children inherit it. */
export function runMarker(env: NodeJS.ProcessEnv = process.env): string {
  const have = env[RUN_MARKER_VAR];
  if (have) return have;
  const made = `${process.pid}-${randomBytes(6).toString('hex')}`;
  env[RUN_MARKER_VAR] = made;
  return made;
}
