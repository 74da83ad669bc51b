// The editor's commands as the desktop's native menu shows them: names, shortcuts and enabled
// state straight from the command registry (its own predicates), sent to main (f8:menu-state)
// whenever they change. Commands that take an argument list their choices; a command that only
// makes sense from a context (a port's "Plot") stays out of the menu bar.
import { allCommands, isEnabled, type CommandContext } from '../commands';
import { EXAMPLES } from '../files/examples';
import type { MenuCommand } from '../../../shared/ipc';

/** Run from a context menu only: they need a target the menu bar cannot give. */
export const CONTEXT_ONLY_COMMANDS: readonly string[] = ['graph.plotPort'];

export function menuCommands(ctx: CommandContext | null): MenuCommand[] {
  const live = ctx?.store.getState().liveMode;
  return allCommands()
    .filter((c) => !CONTEXT_ONLY_COMMANDS.includes(c.id))
    .map((c) => ({
      id: c.id,
      title: c.title,
      group: c.group,
      keys: c.keys ? [...c.keys] : [],
      enabled: isEnabled(c.id, ctx),
      ...(c.id === 'graph.toggleLive' ? { checked: !!live } : {}),
      ...(c.id === 'file.openExample' ? { choices: EXAMPLES.map((e) => ({ arg: e.id, label: e.title })) } : {}),
    }));
}
