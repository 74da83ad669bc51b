// The one command registry: every editor command has an id, a title, its shortcuts and a run
// function. Menus, toolbar buttons, keyboard shortcuts, the (coming) command palette and the
// tests all use this list.
import type { ReactFlowInstance } from '@xyflow/react';
import type { DesktopFiles } from '../files/desktop';
import type { Session } from '../bridge/session';
import type { F8Edge, F8Node } from '../graph/flow';
import type { EditorStore } from '../store';

export interface CanvasApi {
  flow: ReactFlowInstance<F8Node, F8Edge>;
  /** The last pointer position over the canvas (client coordinates). */
  pointer(): { x: number; y: number } | null;
  /** The canvas element's rect (for quick-add at the centre when there is no pointer). */
  rect(): DOMRect | null;
  /** The measured height of an engine's or container's head block (flow units): operators go below it. */
  headHeight(nodeId: string): number | undefined;
}

export interface CommandContext {
  store: EditorStore;
  canvas: CanvasApi | null;
  files: DesktopFiles;
  session: Session | null;
  /** Asks before replacing a graph with unsaved changes; resolves true to go on. */
  confirmDiscard(action: string): Promise<boolean>;
  /** Asks a question with a confirm button (e.g. a deploy plan); resolves true to go on. */
  confirm?(q: { title: string; body: string; lines?: string[]; confirm: string }): Promise<boolean>;
  /** Asks with two ways forward (e.g. load the deployed graph / deploy over it). */
  ask?(q: { title: string; body: string; lines?: string[]; confirm: string; alternative?: string }): Promise<'confirm' | 'alternative' | 'cancel'>;
  /** Opens a file input chooser for `open recent`/examples menus (UI owned). */
}

export interface Command {
  id: string;
  title: string;
  /** e.g. 'Mod+Z', 'Shift+Mod+Z', 'Delete', 'F5', 'Tab'. Mod is Ctrl (Cmd on macOS). */
  keys?: string[];
  group: 'file' | 'edit' | 'view' | 'graph';
  /** Shown on a disabled control (why it cannot run now). */
  disabledReason?: string | ((ctx: CommandContext) => string | null);
  /** Runs even while a text field has focus (e.g. F5). */
  global?: boolean;
  enabled?(ctx: CommandContext): boolean;
  run(ctx: CommandContext, arg?: unknown): void | Promise<void>;
}

const registry = new Map<string, Command>();

export function registerCommand(c: Command): Command {
  if (registry.has(c.id)) throw new Error(`command '${c.id}' is registered twice`);
  registry.set(c.id, c);
  return c;
}

export function allCommands(): Command[] {
  return [...registry.values()];
}

export function command(id: string): Command {
  const c = registry.get(id);
  if (!c) throw new Error(`unknown command '${id}'`);
  return c;
}

/** Why a command cannot run now (for the disabled control's title). */
export function disabledReason(id: string, ctx: CommandContext | null): string | null {
  const c = registry.get(id);
  if (!c?.disabledReason) return null;
  return typeof c.disabledReason === 'function' ? (ctx ? c.disabledReason(ctx) : null) : c.disabledReason;
}

export function isEnabled(id: string, ctx: CommandContext | null): boolean {
  if (!ctx) return false;
  const c = registry.get(id);
  return !!c && (c.enabled ? c.enabled(ctx) : true);
}

/** Runs a command in an editor's context (none yet: nothing happens). */
export async function runCommand(id: string, arg: unknown, ctx: CommandContext | null): Promise<void> {
  if (!ctx) return;
  const c = command(id);
  if (c.enabled && !c.enabled(ctx)) return;
  try {
    await c.run(ctx, arg);
  } catch (err) {
    ctx.store.getState().notify('error', `${c.title}: ${(err as Error).message}`);
  }
}

// ---------------------------------------------------------------- keys

export function isMac(platform = globalThis.navigator?.platform ?? ''): boolean {
  return /Mac|iPhone|iPad/.test(platform);
}

/** The key chord of an event in registry notation ('Shift+Mod+Z'). */
export function chordOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, mac = isMac()): string {
  const mod = mac ? e.metaKey : e.ctrlKey;
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  return [e.altKey ? 'Alt' : '', e.shiftKey ? 'Shift' : '', mod ? 'Mod' : '', key].filter(Boolean).join('+');
}

export function commandForChord(chord: string): Command | undefined {
  for (const c of registry.values()) if (c.keys?.includes(chord)) return c;
  return undefined;
}

/** How a shortcut reads on this platform: 'Ctrl+Shift+Z' / '⇧⌘Z'. */
export function shortcutLabel(keys: string[] | undefined, mac = isMac()): string {
  const k = keys?.[0];
  if (!k) return '';
  return mac ? k.replace('Shift+', '⇧').replace('Mod+', '⌘').replace('Alt+', '⌥') : k.replace('Mod', 'Ctrl');
}

/** Runs after the next paint (fit the view once new nodes are measured); a timer where there are no frames. */
export function afterPaint(fn: () => void): void {
  if (typeof globalThis.requestAnimationFrame === 'function') globalThis.requestAnimationFrame(() => fn());
  else setTimeout(fn, 0);
}
