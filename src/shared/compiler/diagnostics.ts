// Diagnostics as the compiler collects them: sorted, duplicates dropped (pure).
import { canonicalJson } from '../hash.js';
import { cmp } from './cycles.js';
import type { Diagnostic, DiagnosticCode } from './types.js';

export class Diagnostics {
  readonly list: Diagnostic[] = [];
  error(code: DiagnosticCode, message: string, at: { nodeId?: string; edgeId?: string; port?: string } = {}): void {
    this.push('error', code, message, at);
  }
  warning(code: DiagnosticCode, message: string, at: { nodeId?: string; edgeId?: string; port?: string } = {}): void {
    this.push('warning', code, message, at);
  }
  private push(severity: 'error' | 'warning', code: DiagnosticCode, message: string, at: { nodeId?: string; edgeId?: string; port?: string }): void {
    const d: Diagnostic = { code, severity, message };
    if (at.nodeId !== undefined) d.nodeId = at.nodeId;
    if (at.edgeId !== undefined) d.edgeId = at.edgeId;
    if (at.port !== undefined) d.port = at.port;
    this.list.push(d);
  }
  get hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }
  sorted(): Diagnostic[] {
    return sortDiagnostics(this.list);
  }
}

/** Sorted by (code, nodeId, edgeId, port, message, severity), duplicates dropped. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic): string[] => [d.code, d.nodeId ?? '', d.edgeId ?? '', d.port ?? '', d.message, d.severity];
  const sorted = [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const c = cmp(ka[i] as string, kb[i] as string);
      if (c !== 0) return c;
    }
    return 0;
  });
  const out: Diagnostic[] = [];
  let last = '';
  for (const d of sorted) {
    const k = canonicalJson(d);
    if (k !== last) out.push(d);
    last = k;
  }
  return out;
}
