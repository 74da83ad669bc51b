// Menu and MenuItem: the application menu exists only as a template the harness sees (a
// serializable copy goes to it on every change) and clicks by label path.
import { EventEmitter } from 'node:events';
import { app } from './app.mjs';
import { BrowserWindowImpl } from './browser-window.mjs';
import { noteQuietly } from './channel.mjs';
import { guard, notSupported } from './honesty.mjs';

let applicationMenu = null;
let nextCommandId = 1;

class MenuItemImpl {
  constructor(options = {}) {
    const { submenu, click, ...rest } = options;
    Object.assign(this, rest);
    this.label = options.label ?? '';
    this.type = options.type ?? (submenu ? 'submenu' : 'normal');
    this.enabled = options.enabled ?? true;
    this.visible = options.visible ?? true;
    this.checked = options.checked ?? false;
    this.click = typeof click === 'function' ? click : undefined;
    this.submenu = submenu == null ? undefined : submenu instanceof MenuImpl ? submenu : MenuImpl.buildFromTemplate(submenu);
    this.commandId = nextCommandId++;
    this.menu = null;
  }
}

export class MenuImpl extends EventEmitter {
  constructor() {
    super();
    this.items = [];
  }
  append(item) {
    const it = item instanceof MenuItemImpl ? item : new MenuItemImpl(item);
    it.menu = this;
    this.items.push(it);
  }
  insert(pos, item) {
    const it = item instanceof MenuItemImpl ? item : new MenuItemImpl(item);
    it.menu = this;
    this.items.splice(pos, 0, it);
  }
  getMenuItemById(id) {
    for (const it of this.items) {
      if (it.id === id) return it;
      const found = it.submenu?.getMenuItemById(id);
      if (found) return found;
    }
    return null;
  }
  popup() {
    // inert: there is no native menu to pop up
  }
  closePopup() {}
  static buildFromTemplate(template) {
    if (!Array.isArray(template)) throw new TypeError('Invalid template for Menu: Menu template must be an array');
    const menu = new MenuImpl();
    for (const t of template) menu.append(t);
    return menu;
  }
  static setApplicationMenu(menu) {
    applicationMenu = menu ?? null;
    sendMenu();
  }
  static getApplicationMenu() {
    return applicationMenu;
  }
}

function snapshotMenu(menu) {
  return menu.items.map((it) => ({
    ref: it.commandId,
    id: typeof it.id === 'string' ? it.id : undefined,
    label: it.label,
    role: it.role,
    accelerator: it.accelerator,
    type: it.type,
    enabled: it.enabled,
    visible: it.visible,
    checked: it.checked,
    sublabel: it.sublabel,
    toolTip: it.toolTip,
    submenu: it.submenu ? snapshotMenu(it.submenu) : undefined,
  }));
}

function sendMenu() {
  noteQuietly({ op: 'menu.set', template: applicationMenu ? snapshotMenu(applicationMenu) : null });
}

// roles the stand-in can carry out; Electron carries out the others natively (copy, paste, ...)
const ROLE_ACTIONS = {
  quit: () => app.quit(),
  close: (win) => win?.close(),
  reload: (win) => win?.webContents.reload(),
  forcereload: (win) => win?.webContents.reload(),
  toggledevtools: (win) => win?.webContents.toggleDevTools(),
  minimize: (win) => win?.minimize(),
  togglefullscreen: (win) => win?.setFullScreen(!win.isFullScreen()),
};
const SUBMENU_ROLES = new Set(['filemenu', 'editmenu', 'viewmenu', 'windowmenu', 'appmenu', 'help', 'services', 'recentdocuments']);

/** A click on the application-menu item at `path` (labels, roles or ids), as the user would. */
export function clickMenuPath(path) {
  if (!applicationMenu) throw new Error('no application menu is set (Menu.setApplicationMenu)');
  let items = applicationMenu.items;
  let item = null;
  const walked = [];
  const nameOf = (it) => it.label || it.role || it.id || `#${it.commandId}`;
  for (const [i, segment] of path.entries()) {
    item = items.find((it) => it.type !== 'separator' && (it.label === segment || it.id === segment || (typeof it.role === 'string' && it.role.toLowerCase() === segment.toLowerCase()))) ?? null;
    if (!item) {
      const have = items.filter((it) => it.type !== 'separator').map(nameOf);
      throw new Error(`no menu item '${segment}' in ${walked.length ? walked.join(' > ') : 'the menu bar'} (it has: ${have.join(', ')})`);
    }
    walked.push(nameOf(item));
    if (!item.visible) throw new Error(`menu item ${walked.join(' > ')} is not visible`);
    if (!item.enabled) throw new Error(`menu item ${walked.join(' > ')} is disabled`);
    if (i < path.length - 1) {
      if (!item.submenu) throw new Error(`menu item ${walked.join(' > ')} has no submenu`);
      items = item.submenu.items;
    }
  }
  if (!item) throw new Error('clickMenu needs a label path');
  if (item.submenu) throw new Error(`menu item ${walked.join(' > ')} opens a submenu: name an item inside it`);
  if (item.type === 'checkbox' || item.type === 'radio') {
    if (item.type === 'radio') for (const sibling of item.menu?.items ?? []) if (sibling.type === 'radio') sibling.checked = false;
    item.checked = item.type === 'radio' ? true : !item.checked;
    sendMenu();
  }
  const win = BrowserWindowImpl.getFocusedWindow() ?? undefined;
  const role = typeof item.role === 'string' ? item.role.toLowerCase() : null;
  if (role && ROLE_ACTIONS[role]) return void ROLE_ACTIONS[role](win);
  if (role && !SUBMENU_ROLES.has(role)) throw notSupported(`menu role '${item.role}'`);
  item.click?.(item, win, { triggeredByAccelerator: false, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false });
}

export const Menu = guard(MenuImpl, 'Menu');
export const MenuItem = guard(MenuItemImpl, 'MenuItem');
