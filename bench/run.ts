// `npm run bench`: every hot path against an honest floor measured in the same run, in
// interleaved rounds; prints one table and writes bench/results/latest.json.
//   --only NAME   only that row (or group: edge, deploy, compile, launch, rest, encoding, editor)
//   --rounds N    rounds (default 3)
//   --check       exit 1 when a row misses its target by more than its noise band
// F8_BENCH_PROF=DIR: the edge peers and every built service (the deploy row's engines) write
// CPU profiles under DIR (node bench/lib/top.mjs FILE reads one).
// No benchmark is a unit test: nothing here runs under `npm test`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { load1, renderTable, summarize, type Group, type RowResult, type Sample } from './lib/table.js';
import { edgeGroup } from './rows/edge.js';
import { deployGroup } from './rows/deploy.js';
import { compileGroup } from './rows/compile.js';
import { launchGroup } from './rows/launch.js';
import { restGroup } from './rows/rest.js';
import { encodingGroup } from './rows/encoding.js';
import { editorGroup } from './rows/editor.js';
import { cleanupBuild } from './lib/master.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = opt('--only');
const rounds = Number(opt('--rounds') ?? 3);
const check = args.includes('--check');

const groups: Group[] = [edgeGroup, deployGroup, compileGroup, launchGroup, restGroup, encodingGroup, editorGroup];
const known = new Set(groups.flatMap((g) => [g.name, ...g.rows.map((r) => r.name)]));
if (only && !known.has(only)) {
  console.error(`--only ${only}: no such row or group; rows: ${[...known].join(', ')}`);
  process.exit(2);
}

const started = Date.now();
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadAtStart: load1() };
console.log(
  `f8studio bench: ${rounds} interleaved rounds (floor A, ours, floor B); ${machine.cpus} cores (${machine.cpuModel}), ${machine.memGiB} GiB, Node ${machine.node}; load ${machine.loadAtStart.toFixed(2)}`,
);

/** A full garbage collection of this process (the bench runs with --expose-gc; without it, nothing). */
function settleHeap(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const results: RowResult[] = [];
for (const g of groups) {
  const rowNames = only ? g.rows.filter((r) => r.name === only || g.name === only).map((r) => r.name) : g.rows.map((r) => r.name);
  if (!rowNames.length) continue;
  const wanted = new Set(rowNames);
  const t0 = Date.now();
  process.stdout.write(`[${g.name}] setting up...`);
  const runner = await g.start(only ? wanted : null);
  const per = new Map<string, (Sample & { load: number })[]>();
  try {
    for (let i = 0; i < rounds; i++) {
      const load = load1();
      const samples = await runner.round(i);
      for (const [name, s] of Object.entries(samples)) {
        if (!wanted.has(name)) continue;
        per.set(name, [...(per.get(name) ?? []), { ...s, load }]);
      }
      process.stdout.write(` round ${i + 1} (load ${load.toFixed(2)})`);
    }
  } finally {
    await runner.stop();
  }
  // what a group kept (the compile row's 50k-node graphs) is collected now, not in the next group's rounds
  settleHeap();
  console.log(` ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  for (const spec of g.rows) {
    const list = per.get(spec.name);
    if (list?.length) results.push(summarize(spec, list));
  }
}

await cleanupBuild();
const table = renderTable(results);
console.log(`\n${table}\n`);
console.log(`machine: ${machine.cpus} cores, ${machine.cpuModel}, ${machine.memGiB} GiB, Node ${machine.node}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
const out = { date: new Date(started).toISOString(), rounds, only: only ?? null, machine, seconds: Math.round((Date.now() - started) / 1000), rows: results, table };
writeFileSync(join(dir, only ? `latest-${only}.json` : 'latest.json'), `${JSON.stringify(out, null, 2)}\n`);

if (check) {
  const missed = results.filter((r) => r.verdict === 'misses');
  if (missed.length) {
    console.error(`--check: ${missed.length} row(s) miss their target by more than their noise band: ${missed.map((r) => `${r.name} (${r.ratio.toFixed(2)})`).join(', ')}`);
    process.exit(1);
  }
  console.log('--check: every row meets its target or is within its noise band');
}
process.exit(0);
