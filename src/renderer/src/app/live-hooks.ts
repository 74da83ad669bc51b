// Live mode: an edit that compiles cleanly deploys itself after a short quiet time (default
// 300 ms), without a dialog. A failed live deploy turns Live off and says why.
import { useEffect } from 'react';
import type { CanvasApi } from '../commands/registry';
import { deployBlocker } from '../commands/deploy';
import { deployFlow } from '../commands/deploy-flow';
import type { EditorState } from '../store';
import { useEditorInstance } from '../store/context';

export function useLiveDeploy(quietMs = 300): void {
  const { store, commands } = useEditorInstance();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let busy = false;
    /** After a live deploy of revision R, wait for the deployed graph to reach R before the next. */
    let waitFor = 0;
    const ready = () => {
      const s = store.getState();
      const c = commands.get();
      return (
        s.liveMode && !!c && deployBlocker(c) === null && !busy && s.analysedVersion === s.version && s.analysis.errors === 0 && (s.analysis.pending ?? 0) > 0 && (s.deployed?.revision ?? 0) >= waitFor
      );
    };
    const fire = async () => {
      timer = null;
      const c = commands.get();
      if (!ready() || !c) return;
      busy = true;
      const s = store.getState();
      const before = s.deployed?.revision ?? 0;
      try {
        const outcome = await deployFlow(c, s.graph, { silent: true });
        if (outcome === 'deployed') waitFor = before + 1;
        else {
          const why = store.getState().deployRun?.outcome;
          store.getState().setLiveMode(false);
          store
            .getState()
            .notify(
              'error',
              `Live is off: the deploy ${outcome === 'conflict' ? 'met a conflict (someone else deployed)' : outcome === 'refused' ? 'was refused by the master (see Problems)' : `failed${why && !why.ok ? `: ${why.message}` : ''}`}`,
            );
        }
      } catch (err) {
        store.getState().setLiveMode(false);
        store.getState().notify('error', `Live is off: ${(err as Error).message}`);
      } finally {
        busy = false;
        schedule();
      }
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = ready() ? setTimeout(() => void fire(), quietMs) : null;
    };
    const unsub = store.subscribe((s, prev) => {
      if (s.analysis !== prev.analysis || s.liveMode !== prev.liveMode || s.deployed !== prev.deployed || s.lease !== prev.lease) schedule();
    });
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
    };
  }, [quietMs, store, commands]);
}

/** The instances whose numbers the editor shows: every one with the Stats panel open, else those in view. */
export function statsWanted(s: EditorState, api: CanvasApi | null): string[] {
  const running = s.liveInstances ?? new Set<string>();
  if (s.bottomOpen && s.bottomTab === 'stats') return [...running];
  const rect = api?.rect();
  if (!api || !rect) return [...running];
  const a = api.flow.screenToFlowPosition({ x: rect.left, y: rect.top });
  const b = api.flow.screenToFlowPosition({ x: rect.right, y: rect.bottom });
  const visible = api.flow.getIntersectingNodes({ x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y }, true);
  const out = new Set<string>();
  for (const n of visible) {
    const id = n.data.node.kind === 'service' ? n.id : n.data.spec.engineId;
    if (id && running.has(id)) out.add(id);
  }
  return [...out];
}
