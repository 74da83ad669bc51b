// The native menu as data, built from the editor's command registry (the window sends its
// commands, with their names, shortcuts and enabled state from the registry's own predicates:
// `f8:menu-state`), the recent files and the platform. The glue turns each item's `action` into a
// click. No electron here: tested in Node against the registry itself.
import type { MenuCommand, RecentFile } from '../../shared/ipc.js';

export type AppAction = 'about' | 'settings' | 'reveal-logs' | 'open-data-folder' | 'open-recent' | 'clear-recent';

export type MenuAction = { kind: 'command'; id: string; arg?: string } | { kind: 'app'; what: AppAction; path?: string };

export interface MenuSpec {
  label?: string;
  /** A second line (the path of a recent file). */
  sublabel?: string;
  id?: string;
  role?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox';
  accelerator?: string;
  /** false: shown, not registered with the OS (the page's own shortcut handler runs it). */
  registerAccelerator?: boolean;
  enabled?: boolean;
  checked?: boolean;
  submenu?: MenuSpec[];
  action?: MenuAction;
}

export interface MenuInput {
  appName: string;
  platform: NodeJS.Platform;
  /** The editor's commands, or null before the editor has sent them (the start-up page, loading). */
  commands: readonly MenuCommand[] | null;
  recent: readonly RecentFile[];
}

const KEY_NAMES: Record<string, string> = { ArrowLeft: 'Left', ArrowRight: 'Right', ArrowUp: 'Up', ArrowDown: 'Down', Escape: 'Esc', ' ': 'Space' };

/** Registry notation ('Shift+Mod+Z', 'ArrowLeft', 'F5') -> an Electron accelerator ('Shift+CmdOrCtrl+Z', 'Left', 'F5'). */
export function accelerator(keys: string): string {
  return keys
    .split('+')
    .map((part) => (part === 'Mod' ? 'CmdOrCtrl' : (KEY_NAMES[part] ?? part)))
    .join('+');
}

const SEPARATOR: MenuSpec = { type: 'separator' };

/** One registry command as a menu item (a submenu of its choices when it takes an argument). */
export function commandItem(c: MenuCommand): MenuSpec {
  if (c.choices) {
    return {
      label: c.title,
      id: c.id,
      type: 'submenu',
      enabled: c.enabled && c.choices.length > 0,
      submenu: c.choices.map((ch) => ({ label: ch.label, id: `${c.id}:${ch.arg}`, enabled: c.enabled, action: { kind: 'command', id: c.id, arg: ch.arg } })),
    };
  }
  const key = c.keys[0];
  return {
    label: c.title,
    id: c.id,
    ...(c.checked !== undefined ? { type: 'checkbox' as const, checked: c.checked } : {}),
    ...(key ? { accelerator: accelerator(key), registerAccelerator: false } : {}),
    enabled: c.enabled,
    action: { kind: 'command', id: c.id },
  };
}

function recentMenu(recent: readonly RecentFile[]): MenuSpec {
  const items: MenuSpec[] = recent.map((r, i) => ({
    label: `${i < 9 ? `${i + 1}  ` : ''}${r.name}`,
    sublabel: r.path,
    id: `recent:${r.path}`,
    action: { kind: 'app', what: 'open-recent', path: r.path },
  }));
  return {
    label: 'Open Recent',
    id: 'file.openRecent',
    type: 'submenu',
    submenu: [
      ...(items.length ? items : [{ label: 'No recent files', enabled: false }]),
      SEPARATOR,
      { label: 'Clear Recent', id: 'recent:clear', enabled: items.length > 0, action: { kind: 'app', what: 'clear-recent' } },
    ],
  };
}

/** The editor's commands of one group, in registry order; commands that move the selection by arrow keys go in one submenu. */
function groupItems(commands: readonly MenuCommand[], group: MenuCommand['group'], recent: readonly RecentFile[]): MenuSpec[] {
  const out: MenuSpec[] = [];
  const nudges: MenuSpec[] = [];
  for (const c of commands) {
    if (c.group !== group) continue;
    if (c.id === 'file.openRecent') out.push(recentMenu(recent));
    else if (c.id.startsWith('edit.nudge')) nudges.push(commandItem(c));
    else out.push(commandItem(c));
  }
  if (nudges.length) out.push(SEPARATOR, { label: 'Move Selection', type: 'submenu', submenu: nudges });
  return out;
}

export function menuTemplate(input: MenuInput): MenuSpec[] {
  const mac = input.platform === 'darwin';
  const cmds = input.commands ?? [];
  const about: MenuSpec = { label: `About ${input.appName}`, id: 'app:about', action: { kind: 'app', what: 'about' } };
  const settings: MenuSpec = { label: 'Settings…', id: 'app:settings', accelerator: 'CmdOrCtrl+,', action: { kind: 'app', what: 'settings' } };
  const menus: MenuSpec[] = [];
  if (mac) {
    menus.push({
      label: input.appName,
      type: 'submenu',
      submenu: [about, SEPARATOR, settings, SEPARATOR, { role: 'services' }, SEPARATOR, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, SEPARATOR, { role: 'quit' }],
    });
  }
  const file = groupItems(cmds, 'file', input.recent);
  if (!input.commands) file.push(recentMenu(input.recent));
  menus.push({
    label: 'File',
    type: 'submenu',
    submenu: [...file, SEPARATOR, ...(mac ? [] : [settings, SEPARATOR]), { role: 'close', label: 'Close Window' }, ...(mac ? [] : [{ role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' }])],
  });
  if (input.commands) {
    menus.push({ label: 'Edit', type: 'submenu', submenu: groupItems(cmds, 'edit', input.recent) });
    menus.push({
      label: 'View',
      type: 'submenu',
      submenu: [
        ...groupItems(cmds, 'view', input.recent),
        SEPARATOR,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        SEPARATOR,
        { role: 'togglefullscreen' },
        { role: 'toggleDevTools' },
      ],
    });
    menus.push({ label: 'Graph', type: 'submenu', submenu: groupItems(cmds, 'graph', input.recent) });
  }
  menus.push(mac ? { role: 'windowMenu' } : { label: 'Window', type: 'submenu', submenu: [{ role: 'minimize' }, { role: 'close', label: 'Close Window' }] });
  menus.push({
    label: 'Help',
    role: 'help',
    type: 'submenu',
    submenu: [
      { label: 'Reveal Logs Folder', id: 'app:reveal-logs', action: { kind: 'app', what: 'reveal-logs' } },
      { label: 'Open Data Folder', id: 'app:open-data-folder', action: { kind: 'app', what: 'open-data-folder' } },
      ...(mac ? [] : [SEPARATOR, about]),
    ],
  });
  return menus;
}

/** Every item, depth first (for lookups and tests). */
export function flattenMenu(items: readonly MenuSpec[]): MenuSpec[] {
  return items.flatMap((it) => [it, ...(it.submenu ? flattenMenu(it.submenu) : [])]);
}
