// The menu data of src/main/desktop/menu.ts turned into Electron's menu, each action a click.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuAction, MenuSpec } from '../desktop/menu.js';

export function toElectron(items: readonly MenuSpec[], onAction: (a: MenuAction) => void): MenuItemConstructorOptions[] {
  return items.map((it) => {
    const { action, submenu, role, ...rest } = it;
    const out = { ...rest } as MenuItemConstructorOptions;
    if (role) out.role = role as MenuItemConstructorOptions['role'];
    if (submenu) out.submenu = toElectron(submenu, onAction);
    if (action) out.click = () => onAction(action);
    return out;
  });
}

export function applyMenu(items: readonly MenuSpec[], onAction: (a: MenuAction) => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(toElectron(items, onAction)));
}
