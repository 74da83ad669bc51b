// Top self-time entries of a V8 .cpuprofile: node bench/lib/top.mjs FILE [N] [--last-ms MS]
// (--last-ms: only the samples of the profile's last MS milliseconds, e.g. a measured window)
import { readFileSync } from 'node:fs';
const args = process.argv.slice(2);
const lastAt = args.indexOf('--last-ms');
const lastMs = lastAt >= 0 ? Number(args.splice(lastAt, 2)[1]) : Infinity;
const [file, n = '15'] = args;
const p = JSON.parse(readFileSync(file, 'utf8'));
const since = p.endTime - lastMs * 1000;
const self = new Map();
const dt = new Map();
let t = p.startTime;
for (let i = 0; i < p.samples.length; i++) {
  t += p.timeDeltas[i] ?? 0;
  if (t >= since) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
}
let total = 0;
for (const node of p.nodes) {
  const d = dt.get(node.id) ?? 0;
  total += d;
  const f = node.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + d);
}
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(n));
for (const [k, d] of rows) console.log(`${((100 * d) / total).toFixed(1).padStart(5)}%  ${k}`);
