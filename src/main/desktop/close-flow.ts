// Closing a window with unsaved changes, decided in main: Electron cancels `beforeunload`
// silently, so the renderer is never asked to block. On `close`, main asks the window for its
// document's state (a request answered through `f8:reply`), shows Save / Don't save / Cancel,
// and on Save asks the window to save and waits for the answer. No electron here.

export interface DocumentSnapshot {
  dirty: boolean;
  name: string;
}

export interface CloseDeps {
  /** The window's answer to a close query; null when it did not answer in time (hung, or no editor). */
  queryDocument(): Promise<DocumentSnapshot | null>;
  /** The last state the window pushed (f8:document-state), the fallback when it does not answer. */
  lastKnown(): DocumentSnapshot | null;
  /** The native question: 0 Save, 1 Don't save, 2 Cancel. */
  ask(doc: DocumentSnapshot): Promise<0 | 1 | 2>;
  /** Asks the window to save; true when it saved (false: the save dialog was cancelled, or it failed). */
  save(): Promise<boolean>;
}

export type CloseDecision = 'close' | 'keep';

export const CLOSE_BUTTONS = ['Save', "Don't Save", 'Cancel'] as const;

export function closeQuestion(doc: DocumentSnapshot, appName: string): { message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number; title: string } {
  return {
    title: appName,
    message: `Do you want to save the changes you made to ${doc.name}?`,
    detail: "Your changes will be lost if you don't save them.",
    buttons: [...CLOSE_BUTTONS],
    defaultId: 0,
    cancelId: 2,
  };
}

/** Whether a window may close now. */
export async function decideClose(deps: CloseDeps): Promise<CloseDecision> {
  const doc = (await deps.queryDocument()) ?? deps.lastKnown();
  if (!doc?.dirty) return 'close';
  const choice = await deps.ask(doc);
  if (choice === 2) return 'keep';
  if (choice === 1) return 'close';
  return (await deps.save()) ? 'close' : 'keep';
}

/**
 * Questions main asks a window and the window answers later through `f8:reply` with the same
 * requestId; an unanswered one resolves null after `timeoutMs`.
 */
export class WindowRequests {
  private next = 1;
  private readonly pending = new Map<number, { windowId: number; resolve: (v: Record<string, unknown> | null) => void; timer: ReturnType<typeof setTimeout> }>();

  /** Sends a request with `send(requestId)` and waits for the reply of that window. */
  ask(windowId: number, send: (requestId: number) => void, timeoutMs: number): Promise<Record<string, unknown> | null> {
    const requestId = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve(null);
      }, timeoutMs);
      this.pending.set(requestId, { windowId, resolve, timer });
      try {
        send(requestId);
      } catch {
        clearTimeout(timer);
        this.pending.delete(requestId);
        resolve(null);
      }
    });
  }

  /** A reply from `windowId`; false when no such request of that window is waiting (ignored). */
  answer(windowId: number, requestId: number, value: Record<string, unknown>): boolean {
    const p = this.pending.get(requestId);
    if (!p || p.windowId !== windowId) return false;
    clearTimeout(p.timer);
    this.pending.delete(requestId);
    p.resolve(value);
    return true;
  }

  /** A window went away: its questions resolve null. */
  dropWindow(windowId: number): void {
    for (const [id, p] of this.pending) {
      if (p.windowId !== windowId) continue;
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.resolve(null);
    }
  }
}
