#!/usr/bin/env node
// The project's test command (`npm test`): generated files fresh, lint, typecheck, then every test suite, ending with
// one line `N passed, N failed, N skipped` summed over every suite that ran.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { tmpdir } from 'node:os';

const root = resolve(import.meta.dirname, '..');
// The run's marker (scripts/run-marker.ts): every process this run starts carries it, so the leak
// check can tell them from a user's own f8 processes on the same machine.
process.env.F8_TEST_RUN ||= `${process.pid}-${randomBytes(6).toString('hex')}`;
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

const only = process.argv.slice(2);
const want = (step) => only.length === 0 || only.includes(step);

// generated files up to date (scripts/generate.ts --check), lint, typecheck, knip (no unused file, export or
// dependency; knip.json) and the format (prettier) count as one check each in the summary line
const checks = [
  ['generated', 'npx', ['tsx', 'scripts/generate.ts', '--check']],
  ['lint', 'npx', ['eslint', '.']],
  ['typecheck', 'npm', ['run', '-s', 'typecheck']],
  ['knip', 'npx', ['knip', '--no-progress']],
  ['format', 'npm', ['run', '-s', 'format:check']],
];
for (const [step, cmd, args] of checks) {
  if (!want(step)) continue;
  if (run(step, cmd, args) === 0) totals.passed += 1;
  else {
    totals.failed += 1;
    problems.push(step);
  }
}

// The HTTP contract (schemas/openapi.yaml, bundled as Swagger UI reads it) lints clean with Redocly's rules: one check.
if (want('openapi')) {
  const bundle = resolve(tmpdir(), `f8-openapi-${process.pid}.yaml`);
  const code =
    run('openapi', 'npx', ['tsx', 'scripts/gen-openapi.ts', '--bundle', bundle]) ||
    run('openapi', 'npx', ['redocly', 'lint', '--config', 'redocly.yaml', '--max-problems', '50', bundle], { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' });
  rmSync(bundle, { force: true });
  if (code === 0) totals.passed += 1;
  else {
    totals.failed += 1;
    problems.push('openapi');
  }
}

if (want('vitest')) {
  const report = resolve(root, '.vitest-report.json');
  rmSync(report, { force: true });
  const code = run('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += r.numPassedTests ?? 0;
    totals.failed += r.numFailedTests ?? 0;
    totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // A suite that failed to load counts as a failure even when it ran no test.
    const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
    totals.failed += brokenFiles;
  } else {
    totals.failed += 1;
  }
  const leaks = resolve(root, '.vitest-leaks.txt');
  if (existsSync(leaks)) {
    console.log(`\n${readFileSync(leaks, 'utf8')}`);
    totals.failed += 1;
    problems.push('leaked processes');
  }
  // A run that failed outside any test (e.g. the leak check in global teardown) counts once.
  if (code !== 0 && totals.failed === 0) totals.failed += 1;
  if (code !== 0) problems.push('vitest');
}

if (want('e2e')) {
  // Browser tests: @playwright/test with Debian's Chromium against a real f8 master (playwright.config.ts).
  const chromium = process.env.F8_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.log(`\n== e2e: skipped: no Chromium at ${chromium} (apt-get install chromium, or set F8_CHROMIUM)`);
    totals.skipped += 1;
  } else {
    const report = resolve(root, 'e2e/artifacts/report.json');
    rmSync(report, { force: true });
    const code = run('e2e', 'npx', ['playwright', 'test']);
    if (existsSync(report)) {
      const r = JSON.parse(readFileSync(report, 'utf8'));
      const s = r.stats ?? {};
      totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
      totals.failed += s.unexpected ?? 0;
      totals.skipped += s.skipped ?? 0;
      if ((r.errors ?? []).length && !(s.unexpected ?? 0)) totals.failed += 1;
    } else totals.failed += 1;
    if (code !== 0) problems.push('e2e');
  }
}

if (problems.length) console.log(`\nfailed steps: ${problems.join(', ')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(problems.length || totals.failed ? 1 : 0);
