// App-level effects: keyboard shortcuts from the command registry, the live compile (debounced),
// and autosave of the working graph.
import { useEffect } from 'react';
import { commandForChord, chordOf, runCommand } from '../commands';
import { analyse } from '../graph/analysis';
import { writeAutosave } from '../files/recent';
import { useEditor } from '../store';

function typingTarget(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable || !!el.closest?.('[role="dialog"], [role="menu"], .f8-quickadd');
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const c = commandForChord(chordOf(e));
      if (!c) return;
      if (typingTarget(e.target) && !c.global) return;
      // Tab moves focus between controls outside the canvas; only on the canvas is it quick-add.
      if (c.id === 'graph.quickAdd' && e.key === 'Tab' && !(e.target as HTMLElement | null)?.closest?.('.f8-canvas') && e.target !== document.body) return;
      e.preventDefault();
      void runCommand(c.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Runs the compiler on the graph after edits (debounced), against the catalog and the deployed compilation. */
export function useLiveCompile(delayMs = 120): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const run = () => {
      timer = null;
      const s = useEditor.getState();
      const a = analyse(s.graph, s.compileCatalog, (s.deployed?.compiled as never) ?? null);
      s.setAnalysis(a, s.version);
    };
    run();
    const unsub = useEditor.subscribe((s, prev) => {
      if (s.graph === prev.graph && s.compileCatalog === prev.compileCatalog && s.deployed === prev.deployed) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, s.graph.nodes.length > 300 ? delayMs * 3 : delayMs);
    });
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
    };
  }, [delayMs]);
}

export function useAutosave(delayMs = 400): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const save = () => {
      timer = null;
      const s = useEditor.getState();
      writeAutosave({ graph: s.graph, fileName: s.file?.name ?? null, savedJson: s.savedJson });
    };
    const unsub = useEditor.subscribe((s, prev) => {
      if (s.graph === prev.graph && s.savedJson === prev.savedJson && s.file === prev.file) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, delayMs);
    });
    const flush = () => {
      if (timer) {
        clearTimeout(timer);
        save();
      }
    };
    window.addEventListener('beforeunload', flush);
    return () => {
      unsub();
      window.removeEventListener('beforeunload', flush);
      flush();
    };
  }, [delayMs]);
}
