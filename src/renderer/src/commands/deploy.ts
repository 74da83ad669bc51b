// Deploy (F5) is the next issue's work; the command exists so the toolbar, the shortcut and the
// command list already name it.
import { registerCommand } from './registry';

registerCommand({
  id: 'graph.deploy',
  title: 'Deploy',
  keys: ['F5'],
  group: 'graph',
  global: true,
  enabled: () => false,
  disabledReason: 'deploying from the editor is not available in this version yet; use `npx f8 deploy FILE` meanwhile',
  run() {},
});
