// The composition root: layout (top bar, palette, canvas, inspector, bottom panel), the
// session with the master, the command context, autosave restore and the app-level hooks.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { F8DesktopApi } from '../../../shared/ipc';
import { startSession, type Session } from '../bridge/session';
import { Canvas } from '../canvas/Canvas';
import { canvasApi, onCanvasApi } from '../canvas/api';
import { setCommandContext, type CommandContext } from '../commands';
import { browserFiles, ipcFiles } from '../files/desktop';
import { natsUrlFrom, tokenFor } from './connection';
import { readAutosave } from '../files/recent';
import { createNode, type NodeTemplate } from '../graph/create';
import { Inspector } from '../panels/Inspector';
import { Palette } from '../panels/Palette';
import { BottomPanel } from '../panels/live/BottomPanel';
import { useEditor } from '../store';
import { ConfirmDialog, type ConfirmRequest } from '../ui/Dialog';
import { Notices } from '../ui/Notices';
import { useAutosave, useLiveCompile, useShortcuts } from './hooks';
import { QuickAdd } from './QuickAdd';
import { statsWanted, useLiveDeploy } from './live-hooks';
import { TopBar } from './TopBar';
import { Banner } from './Banner';
import { DesktopBridge } from '../desktop/DesktopBridge';

declare global {
  interface Window {
    f8?: F8DesktopApi;
  }
}

function restoreAutosave(): void {
  const a = readAutosave();
  if (!a) return;
  useEditor.getState().load(a.graph, a.fileName ? { name: a.fileName } : null, { savedJson: a.savedJson });
}

export function App() {
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const session = useRef<Session | null>(null);
  const files = useRef(window.f8 ? ipcFiles(window.f8) : browserFiles());
  const bottomOpen = useEditor((s) => s.bottomOpen);
  const panels = useEditor((s) => s.panels);

  const confirmDiscard = useCallback(
    (action: string) =>
      new Promise<boolean>((resolve) => {
        const s = useEditor.getState();
        if (!s.dirty || (s.graph.nodes.length === 0 && s.graph.edges.length === 0)) return resolve(true);
        setConfirm({
          title: 'Discard unsaved changes?',
          body: `${s.file?.name ?? s.graph.name ?? 'This graph'} has changes that are not saved. To ${action}, they will be lost.`,
          confirm: 'Discard changes',
          resolve: (choice) => {
            setConfirm(null);
            resolve(choice === 'confirm');
          },
        });
      }),
    [],
  );

  const confirmPlan = useCallback(
    (q: { title: string; body: string; lines?: string[]; confirm: string }) =>
      new Promise<boolean>((resolve) =>
        setConfirm({
          title: q.title,
          body: q.body,
          ...(q.lines ? { lines: q.lines } : {}),
          confirm: q.confirm,
          tone: 'primary',
          resolve: (choice) => {
            setConfirm(null);
            resolve(choice === 'confirm');
          },
        }),
      ),
    [],
  );

  const ask = useCallback(
    (q: { title: string; body: string; lines?: string[]; confirm: string; alternative?: string }) =>
      new Promise<'confirm' | 'alternative' | 'cancel'>((resolve) =>
        setConfirm({
          ...q,
          tone: 'primary',
          resolve: (choice) => {
            setConfirm(null);
            resolve(choice);
          },
        }),
      ),
    [],
  );

  const context = useCallback((): CommandContext => ({ store: useEditor, canvas: canvasApi(), files: files.current, session: session.current, confirmDiscard, confirm: confirmPlan, ask }), [confirmDiscard, confirmPlan, ask]);

  useEffect(() => {
    setCommandContext(context());
    return onCanvasApi(() => setCommandContext(context()));
  }, [context]);

  useEffect(() => {
    restoreAutosave();
    let closed = false;
    void (async () => {
      // the desktop window gets the connection from the preload; a browser from EDITOR_URL
      const desk = window.f8 ? await window.f8.connectionInfo().catch(() => null) : null;
      const url = desk ? desk.natsWsUrl : natsUrlFrom(window.location);
      const token = desk ? desk.token : tokenFor(url, window.location, sessionStorage, () => history.replaceState(null, '', window.location.pathname + window.location.search));
      if (!url) {
        useEditor.getState().setConnection('error', 'no NATS WebSocket URL (open the editor with ?nats=ws://127.0.0.1:PORT)');
        return;
      }
      try {
        const s = await startSession(url, useEditor, { statsWanted, ...(token ? { token } : {}) });
        if (closed) return void s.dispose();
        session.current = s;
        setCommandContext(context());
      } catch (err) {
        useEditor.getState().setConnection('error', (err as Error).message);
      }
    })();
    return () => {
      closed = true;
      void session.current?.dispose();
    };
  }, [context]);

  useShortcuts();
  useLiveDeploy();
  useLiveCompile();
  useAutosave();

  /** Palette item added with the keyboard: at the centre of the canvas. */
  const addAtCentre = useCallback((t: NodeTemplate) => {
    const api = canvasApi();
    const rect = api?.rect();
    if (!api || !rect) return;
    const s = useEditor.getState();
    const at = api.flow.screenToFlowPosition({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 });
    const boxes = api.flow.getIntersectingNodes({ x: at.x, y: at.y, width: 1, height: 1 }).filter((n) => n.type === 'engine' || n.type === 'container');
    const r = createNode(t, s.graph, s.catalogIndex, at, boxes[boxes.length - 1]?.id);
    if ('error' in r) return s.notify('error', r.error);
    if (!s.apply({ type: 'addNode', node: r.node })) s.select([r.node.nodeId], []);
  }, []);

  return (
    <ReactFlowProvider>
      <div
        className={`f8-app${bottomOpen ? '' : ' no-bottom'}`}
        style={{ '--palette-w': `${panels.paletteOpen ? panels.paletteWidth : 32}px`, '--inspector-w': `${panels.inspectorOpen ? panels.inspectorWidth : 32}px`, '--bottom-h': `${panels.bottomHeight}px` } as React.CSSProperties}
      >
        <TopBar />
        <Palette onAdd={addAtCentre} />
        <main className="f8-main" aria-label="Canvas">
          <Banner />
          <Canvas />
        </main>
        <Inspector />
        <BottomPanel />
        <QuickAdd />
        <Notices />
        <ConfirmDialog request={confirm} />
        {window.f8 ? <DesktopBridge api={window.f8} /> : null}
      </div>
    </ReactFlowProvider>
  );
}
