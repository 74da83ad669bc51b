// The native menu matches the command registry: every command (but the context-only ones) is an
// item with the registry's name and its first shortcut as the accelerator, enabled from the
// registry's own predicate, in the menu of its group; the recent files and examples are submenus.
import { beforeEach, describe, expect, it } from 'vitest';
import { allCommands, type CommandContext } from '../commands';
import { createEditor } from '../store/editor';
import { CONTEXT_ONLY_COMMANDS, menuCommands } from './menu-commands';
import { accelerator, flattenMenu, menuTemplate } from '../../../main/desktop/menu';

const { store } = createEditor({ clientId: 'test' });
const ctx = (): CommandContext => ({ store, canvas: null, files: { open: async () => null, save: async (name) => ({ name }) }, session: null, confirmDiscard: async () => true });
const GROUP_MENU = { file: 'File', edit: 'Edit', view: 'View', graph: 'Graph' } as const;

beforeEach(() => {
  store.getState().load({ schemaVersion: 'f8studio-graph/1', graphId: 'g', nodes: [{ nodeId: 'sig', kind: 'service', serviceClass: 'f8.signal' }], edges: [] }, null);
});

describe('the native menu from the command registry', () => {
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    it(`names and accelerators are the registry's (${platform})`, () => {
      const template = menuTemplate({ appName: 'f8studio', platform, commands: menuCommands(ctx()), recent: [{ path: '/g/a.f8graph', name: 'a.f8graph' }] });
      const items = flattenMenu(template);
      const registry = allCommands();
      expect(registry.length).toBeGreaterThan(20);
      for (const c of registry) {
        const it = items.find((i) => i.id === c.id);
        if (CONTEXT_ONLY_COMMANDS.includes(c.id)) {
          expect(it, c.id).toBeUndefined();
          continue;
        }
        expect(it, c.id).toBeDefined();
        if (c.id === 'file.openRecent') {
          expect(it?.submenu?.map((s) => s.label)).toEqual(['1  a.f8graph', undefined, 'Clear Recent']);
          continue;
        }
        expect(it?.label, c.id).toBe(c.title);
        expect(it?.accelerator, c.id).toBe(c.keys?.[0] ? accelerator(c.keys[0]) : undefined);
        // the item sits in its group's menu
        const top = template.find((m) => m.label === GROUP_MENU[c.group]);
        expect(
          flattenMenu(top?.submenu ?? []).some((i) => i.id === c.id),
          `${c.id} in ${GROUP_MENU[c.group]}`,
        ).toBe(true);
      }
      const example = items.find((i) => i.id === 'file.openExample');
      expect(example?.submenu?.[0]?.action).toEqual({ kind: 'command', id: 'file.openExample', arg: 'demo' });
    });
  }

  it("enabled state follows the registry's predicates as the document changes", () => {
    const undo = () => flattenMenu(menuTemplate({ appName: 'f8studio', platform: 'linux', commands: menuCommands(ctx()), recent: [] })).find((i) => i.id === 'edit.undo');
    expect(undo()?.enabled).toBe(false);
    store.getState().apply({ type: 'addNode', node: { nodeId: 'log', kind: 'service', serviceClass: 'f8.logger' } });
    expect(undo()?.enabled).toBe(true);
    const live = () => flattenMenu(menuTemplate({ appName: 'f8studio', platform: 'linux', commands: menuCommands(ctx()), recent: [] })).find((i) => i.id === 'graph.toggleLive');
    expect(live()?.type).toBe('checkbox');
    expect(live()?.checked).toBe(false);
    store.getState().setLiveMode(true);
    expect(live()?.checked).toBe(true);
  });

  it('accelerators in Electron notation; macOS gets an app menu with About, Settings and Quit', () => {
    expect(['Mod+Z', 'Shift+Mod+Z', 'ArrowLeft', 'F5', 'Delete', 'Tab'].map(accelerator)).toEqual(['CmdOrCtrl+Z', 'Shift+CmdOrCtrl+Z', 'Left', 'F5', 'Delete', 'Tab']);
    const mac = menuTemplate({ appName: 'f8studio', platform: 'darwin', commands: null, recent: [] });
    expect(mac[0]?.label).toBe('f8studio');
    expect(mac[0]?.submenu?.map((i) => i.label ?? i.role).filter((x) => x)).toEqual(['About f8studio', 'Settings…', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    const linux = menuTemplate({ appName: 'f8studio', platform: 'linux', commands: null, recent: [] });
    expect(linux.map((m) => m.label)).toEqual(['File', 'Window', 'Help']);
    expect(flattenMenu(linux).find((i) => i.id === 'app:about')?.action).toEqual({ kind: 'app', what: 'about' });
  });
});
