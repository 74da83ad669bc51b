// Top entries of a Chromium trace (the renderer's main thread): self time per trace event name
// (nested complete events subtract their children) and the top JS functions by sampled self
// time from the V8 CPU profile chunks.
interface Ev {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { cpuProfile?: { nodes?: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[] }; timeDeltas?: number[] } };
  id?: string;
}

export function summarize(trace: { traceEvents: Ev[] } | Ev[], n: number): string {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'RunTask'));
  const on = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { end: number; name: string; child: number }[] = [];
  let total = 0;
  const pop = (upTo: number) => {
    while (stack.length && (stack[stack.length - 1] as { end: number }).end <= upTo) {
      const top = stack.pop() as { end: number; name: string; child: number; dur?: number };
      void top;
    }
  };
  for (const e of on) {
    pop(e.ts);
    const parent = stack[stack.length - 1];
    const dur = e.dur ?? 0;
    if (parent) parent.child += dur;
    else if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') total += dur;
    self.set(e.name, (self.get(e.name) ?? 0) + dur);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - dur);
    stack.push({ end: e.ts + dur, name: e.name, child: 0 });
  }
  const rows = [...self.entries()]
    .filter(([k]) => k !== 'RunTask' && k !== 'ThreadControllerImpl::RunTask')
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
  const lines = [`main thread busy ${(total / 1000).toFixed(0)} ms; self time by trace event:`];
  for (const [k, d] of rows) lines.push(`${((100 * d) / Math.max(1, total)).toFixed(1).padStart(5)}%  ${(d / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  // JS functions from the CPU profile chunks
  const nodes = new Map<string, string>();
  const selfJs = new Map<string, number>();
  let jsTotal = 0;
  // the main thread's profile (a worker of the same process has its own, with the same node ids)
  const mainProfiles = new Set(events.filter((e) => e.name === 'Profile' && main && e.pid === main.pid && e.tid === main.tid).map((e) => e.id));
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !main || e.pid !== main.pid || !mainProfiles.has(e.id)) continue;
    const cp = e.args?.data?.cpuProfile;
    for (const nd of cp?.nodes ?? [])
      nodes.set(`${e.id}:${nd.id}`, `${nd.callFrame.functionName || '(anonymous)'} ${(nd.callFrame.url ?? '').split('/').slice(-1)[0]}:${(nd.callFrame.lineNumber ?? 0) + 1}`);
    const deltas = e.args?.data?.timeDeltas ?? [];
    (cp?.samples ?? []).forEach((s, i) => {
      const d = deltas[i] ?? 0;
      jsTotal += d;
      const k = nodes.get(`${e.id}:${s}`) ?? String(s);
      selfJs.set(k, (selfJs.get(k) ?? 0) + d);
    });
  }
  if (jsTotal) {
    lines.push('top sampled functions (self):');
    for (const [k, d] of [...selfJs.entries()]
      .filter(([k]) => !/^\(idle\)/.test(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n))
      lines.push(`${((100 * d) / jsTotal).toFixed(1).padStart(5)}%  ${k}`);
  }
  return lines.join('\n');
}

// `npx tsx bench/editor/trace-summary.ts TRACE.json [N]`: the same summary of a saved trace
if (process.argv[1]?.endsWith('trace-summary.ts') && process.argv[2]) {
  const { readFileSync } = await import('node:fs');
  console.log(summarize(JSON.parse(readFileSync(process.argv[2], 'utf8')), Number(process.argv[3] ?? 25)));
}
