// Deploy (F5): the master's plan in a dialog, then the deploy with the deployed revision as
// base (commands/deploy-flow.ts). Why it cannot run now is said on the button.
import { deployFlow } from './deploy-flow';
import { registerCommand, type CommandContext } from './registry';
import { holderName } from '../app/lease-name';

export function deployBlocker(c: CommandContext): string | null {
  const s = c.store.getState();
  if (!c.session || s.connection !== 'connected') return 'not connected to NATS';
  if (!s.masterReachable) return 'the master is not reachable';
  if (s.lease.role !== 'holder') return s.lease.holder ? `${holderName(s.lease, s.clientId)} holds the lease: this editor is a viewer` : 'this editor does not hold the lease';
  if (s.deployRun && !s.deployRun.outcome) return `revision ${s.deployRun.revision} is being deployed`;
  return null;
}

function why(c: CommandContext): string | null {
  const s = c.store.getState();
  const blocked = deployBlocker(c);
  if (blocked) return blocked;
  if (s.analysis.errors > 0) return `the graph has ${s.analysis.errors} problem${s.analysis.errors === 1 ? '' : 's'} (see Problems)`;
  if (s.graph.nodes.length === 0) return 'the graph is empty';
  return null;
}

registerCommand({
  id: 'graph.deploy',
  title: 'Deploy',
  keys: ['F5'],
  group: 'graph',
  global: true,
  enabled: (c) => why(c) === null,
  disabledReason: (c) => why(c),
  async run(c) {
    const reason = why(c);
    if (reason) return c.store.getState().notify('error', `cannot deploy: ${reason}`);
    await deployFlow(c, c.store.getState().graph);
  },
});
