// The app's questions as promises (the command context's confirmDiscard, confirm and ask), shown
// one at a time in the ConfirmDialog.
import { useCallback, useMemo, useState } from 'react';
import type { EditorStore } from '../store';
import type { ConfirmRequest } from '../ui/Dialog';

type Question = { title: string; body: string; lines?: string[]; confirm: string };
type Choice = 'confirm' | 'alternative' | 'cancel';

export interface Dialogs {
  /** The question on screen (null: none). */
  request: ConfirmRequest | null;
  confirmDiscard(action: string): Promise<boolean>;
  confirmPlan(q: Question): Promise<boolean>;
  ask(q: Question & { alternative?: string }): Promise<Choice>;
}

export function useDialogs(store: EditorStore): Dialogs {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  /** Shows a question; the answer closes it. */
  const show = useCallback((q: Omit<ConfirmRequest, 'resolve'>) => new Promise<Choice>((resolve) => setRequest({ ...q, resolve: (choice) => (setRequest(null), resolve(choice)) })), []);

  const confirmDiscard = useCallback(
    async (action: string) => {
      const s = store.getState();
      if (!s.dirty || (s.graph.nodes.length === 0 && s.graph.edges.length === 0)) return true;
      const body = `${s.file?.name ?? s.graph.name ?? 'This graph'} has changes that are not saved. To ${action}, they will be lost.`;
      return (await show({ title: 'Discard unsaved changes?', body, confirm: 'Discard changes' })) === 'confirm';
    },
    [store, show],
  );
  const confirmPlan = useCallback(
    async (q: Question) => (await show({ title: q.title, body: q.body, ...(q.lines ? { lines: q.lines } : {}), confirm: q.confirm, tone: 'primary' })) === 'confirm',
    [show],
  );
  const ask = useCallback((q: Question & { alternative?: string }) => show({ ...q, tone: 'primary' }), [show]);
  return useMemo(() => ({ request, confirmDiscard, confirmPlan, ask }), [request, confirmDiscard, confirmPlan, ask]);
}
