// The bench's one table: every row is ours against a floor measured in the same run, in
// interleaved rounds (floor A, ours, floor B), with the 1-minute load at the start of each round.
// A/A (floor A against floor B) gives each row's noise band; --check uses it.
import { loadavg } from 'node:os';

/** How a row's target reads. */
export type Target =
  | { kind: 'ratio<='; value: number } // ours / floor at most
  | { kind: 'ratio>='; value: number } // ours / floor at least (throughput)
  | { kind: 'delta<='; value: number } // ours - floor at most (in the row's unit)
  | { kind: 'abs<='; value: number } // ours at most (in the row's unit)
  | { kind: 'none' };

export interface RowSpec {
  name: string;
  figure: string;
  floor: string;
  unit: string;
  target: Target;
  /** More is better (throughput): the A/A and ratio read the same either way. */
  higherIsBetter?: boolean;
}

/** One round of one row: the floor before, ours, the floor after (b may repeat a). */
export interface Sample {
  a: number;
  ours: number;
  b: number;
}

export interface Group {
  name: string;
  rows: RowSpec[];
  /** Setup once; returns a runner whose round() measures every row (interleaved). */
  start(only: ReadonlySet<string> | null): Promise<Runner>;
}

export interface Runner {
  round(i: number): Promise<Record<string, Sample>>;
  stop(): Promise<void>;
}

export interface RowResult {
  name: string;
  figure: string;
  floorText: string;
  unit: string;
  target: Target;
  rounds: (Sample & { load: number; ratio: number; aa: number })[];
  floor: number;
  ours: number;
  ratio: number;
  min: number;
  max: number;
  /** max |A/A - 1| over the rounds. */
  band: number;
  verdict: 'meets' | 'misses' | 'within noise' | 'info';
}

export const load1 = (): number => loadavg()[0] ?? 0;

export function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function summarize(spec: RowSpec, rounds: (Sample & { load: number })[]): RowResult {
  const withRatio = rounds.map((r) => {
    const floor = (r.a + r.b) / 2;
    return { ...r, ratio: floor === 0 ? (r.ours === 0 ? 1 : Infinity) : r.ours / floor, aa: r.b === 0 ? (r.a === 0 ? 1 : Infinity) : r.a / r.b };
  });
  const ratios = withRatio.map((r) => r.ratio);
  const band = Math.max(0, ...withRatio.map((r) => (Number.isFinite(r.aa) ? Math.abs(r.aa - 1) : 0)));
  const floor = median(rounds.map((r) => (r.a + r.b) / 2));
  const ours = median(rounds.map((r) => r.ours));
  const ratio = median(ratios);
  const res: RowResult = {
    name: spec.name,
    figure: spec.figure,
    floorText: spec.floor,
    unit: spec.unit,
    target: spec.target,
    rounds: withRatio,
    floor,
    ours,
    ratio,
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    band,
    verdict: 'info',
  };
  res.verdict = verdict(res);
  return res;
}

function verdict(r: RowResult): RowResult['verdict'] {
  const t = r.target;
  switch (t.kind) {
    case 'none':
      return 'info';
    case 'ratio<=':
      return r.ratio <= t.value ? 'meets' : r.ratio <= t.value * (1 + r.band) ? 'within noise' : 'misses';
    case 'ratio>=':
      return r.ratio >= t.value ? 'meets' : r.ratio >= t.value * (1 - r.band) ? 'within noise' : 'misses';
    case 'delta<=': {
      const d = r.ours - r.floor;
      return d <= t.value ? 'meets' : d <= t.value + r.band * r.floor ? 'within noise' : 'misses';
    }
    case 'abs<=':
      return r.ours <= t.value ? 'meets' : r.ours <= t.value * (1 + r.band) ? 'within noise' : 'misses';
  }
}

export function targetText(t: Target, unit: string): string {
  switch (t.kind) {
    case 'none':
      return '(reported)';
    case 'ratio<=':
      return `<= ${t.value}`;
    case 'ratio>=':
      return `>= ${t.value}`;
    case 'delta<=':
      return `<= floor + ${t.value} ${unit}`;
    case 'abs<=':
      return `<= ${t.value} ${unit}`;
  }
}

const num = (x: number): string => {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1000) return x.toFixed(0);
  if (a >= 100) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(2);
};

/** The aggregate A/A row: every floor against itself, over every row and round. */
export function aaSummary(results: RowResult[]): { median: number; min: number; max: number; band: number } {
  const all = results.flatMap((r) => r.rounds.map((x) => x.aa)).filter((x) => Number.isFinite(x));
  return { median: median(all), min: Math.min(...all), max: Math.max(...all), band: Math.max(0, ...all.map((x) => Math.abs(x - 1))) };
}

/** The table as markdown (the README carries the same text). */
export function renderTable(results: RowResult[]): string {
  const head = ['row', 'figure', 'floor', 'floor value', 'ours', 'ratio', 'target', '[min..max]', 'A/A band', 'load per round', 'verdict'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of results) {
    lines.push(
      `| ${[
        r.name,
        r.figure,
        r.floorText,
        `${num(r.floor)} ${r.unit}`,
        `${num(r.ours)} ${r.unit}`,
        num(r.ratio),
        targetText(r.target, r.unit),
        `[${num(r.min)}..${num(r.max)}]`,
        `±${(r.band * 100).toFixed(0)}%`,
        r.rounds.map((x) => x.load.toFixed(2)).join(' '),
        r.verdict,
      ].join(' | ')} |`,
    );
  }
  const aa = aaSummary(results);
  lines.push(`| A/A | every floor against itself (all rows, all rounds) | - | - | - | ${num(aa.median)} | - | [${num(aa.min)}..${num(aa.max)}] | ±${(aa.band * 100).toFixed(0)}% | - | noise band |`);
  return lines.join('\n');
}
