// The lease holder as people read it: "this editor", or "another editor, since 10:42" (from when
// this editor first saw it hold the lease); never the raw client id, which stays in tooltips.
import type { LeaseInfo } from '../store/session';

export function clock(ts: number): string {
  const d = new Date(ts);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function holderName(lease: Pick<LeaseInfo, 'role' | 'holder' | 'since'>, clientId?: string): string {
  if (lease.role === 'holder' || (clientId !== undefined && lease.holder === clientId)) return 'this editor';
  if (!lease.holder) return 'another editor';
  return lease.since ? `another editor, since ${clock(lease.since)}` : 'another editor';
}
