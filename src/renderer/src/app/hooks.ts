// App-level effects: keyboard shortcuts from the command registry, the live compile (debounced),
// and autosave of the working graph.
import { useEffect } from 'react';
import { useEditorInstance, useEditorStore } from '../store/context';
import { commandForChord, chordOf, runCommand } from '../commands';
import { analyse, type Analysis } from '../graph/analysis';
import { WorkerClient } from '../workers/client';
import type { CompileRequest } from '../workers/compile.worker';

/** Graphs larger than this compile in a worker, so typing and dragging stay smooth. */
export const WORKER_COMPILE_NODES = 300;

let compileWorker: WorkerClient<CompileRequest, Analysis> | null = null;
function worker(): WorkerClient<CompileRequest, Analysis> {
  compileWorker ??= new WorkerClient<CompileRequest, Analysis>(() => new Worker(new URL('../workers/compile.worker.ts', import.meta.url), { type: 'module' }));
  return compileWorker;
}
import { writeAutosave } from '../files/recent';
import { whenIdle } from '../ui/idle';

function typingTarget(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable || !!el.closest?.('[role="dialog"], [role="menu"], .f8-quickadd');
}

export function useShortcuts(): void {
  const { commands } = useEditorInstance();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const c = commandForChord(chordOf(e));
      if (!c) return;
      if (typingTarget(e.target) && !c.global) return;
      // Tab moves focus between controls outside the canvas; only on the canvas is it quick-add.
      if (c.id === 'graph.quickAdd' && e.key === 'Tab' && !(e.target as HTMLElement | null)?.closest?.('.f8-canvas') && e.target !== document.body) return;
      e.preventDefault();
      void runCommand(c.id, undefined, commands.get());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands]);
}

/** Runs the compiler on the graph after edits (debounced), against the catalog and the deployed compilation. */
export function useLiveCompile(delayMs = 120): void {
  const store = useEditorStore();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let latest = 0;
    const run = () => {
      timer = null;
      const s = store.getState();
      const previous = (s.deployed?.compiled as never) ?? null;
      const version = s.version;
      const seq = ++latest;
      if (s.graph.nodes.length <= WORKER_COMPILE_NODES || typeof Worker === 'undefined') return s.setAnalysis(analyse(s.graph, s.compileCatalog, previous, s.liveInstances), version);
      worker()
        .request({ graph: s.graph, catalog: s.compileCatalog, previous, live: s.liveInstances })
        .then((a) => {
          // a newer compile was asked for meanwhile: this one is stale
          if (seq === latest) store.getState().setAnalysis(a, version);
        })
        .catch((err: unknown) => store.getState().notify('error', `the live compile failed: ${(err as Error).message}`));
    };
    run();
    const unsub = store.subscribe((s, prev) => {
      if (s.graph === prev.graph && s.compileCatalog === prev.compileCatalog && s.deployed === prev.deployed && s.liveInstances === prev.liveInstances) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, s.graph.nodes.length > WORKER_COMPILE_NODES ? delayMs * 3 : delayMs);
    });
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
    };
  }, [delayMs, store]);
}

/**
 * Autosave of the working graph, off the input path: after the edits pause (delayMs), in the
 * browser's next idle period (at most 2 s later), so a drag or an open never waits for the
 * JSON of a large graph and the storage write.
 */
export function useAutosave(delayMs = 400): void {
  const store = useEditorStore();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let idle: (() => void) | null = null;
    const save = () => {
      idle = null;
      const s = store.getState();
      writeAutosave({ graph: s.graph, fileName: s.file?.name ?? null, savedJson: s.savedJson });
    };
    const unsub = store.subscribe((s, prev) => {
      if (s.graph === prev.graph && s.savedJson === prev.savedJson && s.file === prev.file) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        idle ??= whenIdle(save);
      }, delayMs);
    });
    const flush = () => {
      if (timer || idle) {
        if (timer) clearTimeout(timer);
        timer = null;
        idle?.();
        save();
      }
    };
    window.addEventListener('beforeunload', flush);
    return () => {
      unsub();
      window.removeEventListener('beforeunload', flush);
      flush();
    };
  }, [delayMs, store]);
}
