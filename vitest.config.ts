import { defineConfig } from 'vitest/config';
import { runMarker } from './scripts/run-marker.js';

// One marker per run in every process the tests start (scripts/leak-check.ts looks only at those).
runMarker();

// Machines have 2 cores: keep vitest to 2 workers.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'services/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'out/**'],
    maxWorkers: 2,
    // Tests must not leave nats-servers or service processes behind.
    globalSetup: ['scripts/leak-check.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
