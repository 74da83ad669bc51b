// Rollback of a failed deploy: instances that applied get their previous subgraph back (one that
// died while applying is asked once it answers again), instances the deploy started are stopped.
import { setTimeout as sleep } from 'node:timers/promises';
import { F8Error, toF8Error } from '../../../shared/errors.js';
import type { Compilation } from '../../../shared/compiler/index.js';
import { APPLY_TIMEOUT_MS, type DeployPhase, type DeployPorts, type InstanceResult } from './ports.js';

/** How long a rollback waits for an instance that died while applying to answer again. */
export const UNCERTAIN_WAIT_MS = 20_000;

async function statusWhenBack(p: DeployPorts, id: string): Promise<{ graphRevision?: number | null } | null> {
  const end = Date.now() + UNCERTAIN_WAIT_MS;
  while (Date.now() < end) {
    try {
      return await p.instance(id).call('status', {}, { timeoutMs: 1_000 });
    } catch {
      await sleep(200);
    }
  }
  return null;
}

export async function rollback(
  p: DeployPorts,
  revision: number,
  applied: string[],
  startedHere: string[],
  previous: Pick<Compilation, 'subgraphs'> | null,
  priorRevision: Map<string, number | null>,
  results: Map<string, InstanceResult>,
  ev: (id: string, phase: DeployPhase, error?: string) => void,
  uncertain: ReadonlySet<string> = new Set(),
): Promise<void> {
  const started = new Set(startedHere);
  await Promise.all(
    applied
      .filter((id) => !started.has(id))
      .map(async (id) => {
        const prior = previous?.subgraphs[id];
        const rev = priorRevision.get(id);
        if (!prior || rev === undefined || rev === null) return;
        try {
          let expected: number | null = revision;
          if (uncertain.has(id)) {
            // it died (or went silent) while applying: once it answers again (restarted from its
            // bucket), see what it runs, and take it back only if it took the new subgraph
            const now = await statusWhenBack(p, id);
            if (!now) throw new F8Error('unavailable', `'${id}' did not answer again within ${UNCERTAIN_WAIT_MS} ms`);
            if (now.graphRevision !== revision) {
              results.set(id, { instanceId: id, status: 'rolled-back', graphRevision: now.graphRevision ?? rev });
              ev(id, 'rolled-back');
              return;
            }
            expected = now.graphRevision ?? null;
          }
          const r = await p.instance(id).call('deployOpGraph', { subgraph: { ...prior, deployRevision: rev }, expectedDeployRevision: expected }, { timeoutMs: APPLY_TIMEOUT_MS });
          results.set(id, { instanceId: id, status: 'rolled-back', graphRevision: r.graphRevision });
          ev(id, 'rolled-back');
        } catch (err) {
          results.set(id, { instanceId: id, status: 'error', error: `rollback failed: ${toF8Error(err).message}` });
        }
      }),
  );
  for (const id of startedHere) {
    try {
      await p.stopInstance(id);
      results.set(id, { ...(results.get(id) ?? { instanceId: id }), instanceId: id, status: 'stopped' });
      ev(id, 'stopped');
    } catch (err) {
      p.log.warn(`rollback: stopping ${id}: ${toF8Error(err).message}`);
    }
  }
}
