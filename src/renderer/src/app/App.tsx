// The composition root: layout (top bar, palette, canvas, inspector, bottom panel), the
// session with the master, the command context, autosave restore and the app-level hooks.
import { useCallback, useEffect, useRef } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { Session } from '../bridge/session';
import { Canvas } from '../canvas/Canvas';
import type { CommandContext } from '../commands';
import { browserFiles, ipcFiles } from '../files/desktop';
import { createNode, type NodeTemplate } from '../graph/create';
import { Inspector } from '../panels/Inspector';
import { Palette } from '../panels/Palette';
import { BottomPanel } from '../panels/live/BottomPanel';
import { useEditor, useEditorInstance } from '../store/context';
import type { Editor } from '../store/editor';
import { ConfirmDialog, type ConfirmRequest } from '../ui/Dialog';
import { Notices } from '../ui/Notices';
import { useDialogs } from './dialogs';
import { useAutosave, useLiveCompile, useShortcuts } from './hooks';
import { QuickAdd } from './QuickAdd';
import { useLiveDeploy } from './live-hooks';
import { useSessionLink } from './session-link';
import { TopBar } from './TopBar';
import { Banner } from './Banner';
import { DesktopBridge } from '../desktop/DesktopBridge';

/**
 * Keeps the editor's command context current (the files, the dialogs, the canvas once it is up,
 * the session once it is connected); returns the question the dialogs have on screen.
 */
function useCommandContextOf(editor: Editor): ConfirmRequest | null {
  const dialogs = useDialogs(editor.store);
  const { confirmDiscard, confirmPlan, ask } = dialogs;
  const files = useRef(window.f8 ? ipcFiles(window.f8) : browserFiles());
  const session = useRef<Session | null>(null);
  const context = useCallback(
    (): CommandContext => ({ store: editor.store, canvas: editor.canvas.get(), files: files.current, session: session.current, confirmDiscard, confirm: confirmPlan, ask }),
    [editor, confirmDiscard, confirmPlan, ask],
  );
  useEffect(() => {
    editor.commands.set(context());
    return editor.canvas.subscribe(() => editor.commands.set(context()));
  }, [editor, context]);
  const onSession = useCallback(
    (s: Session) => {
      session.current = s;
      editor.commands.set(context());
    },
    [editor, context],
  );
  useSessionLink(editor, onSession);
  return dialogs.request;
}

/** Palette item added with the keyboard: at the centre of the canvas. */
function useAddAtCentre(editor: Editor): (t: NodeTemplate) => void {
  return useCallback(
    (t: NodeTemplate) => {
      const api = editor.canvas.get();
      const rect = api?.rect();
      if (!api || !rect) return;
      const s = editor.store.getState();
      const at = api.flow.screenToFlowPosition({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 });
      const boxes = api.flow.getIntersectingNodes({ x: at.x, y: at.y, width: 1, height: 1 }).filter((n) => n.type === 'engine' || n.type === 'container');
      const r = createNode(t, s.graph, s.catalogIndex, at, boxes[boxes.length - 1]?.id);
      if ('error' in r) return s.notify('error', r.error);
      if (!s.apply({ type: 'addNode', node: r.node })) s.select([r.node.nodeId], []);
    },
    [editor],
  );
}

export function App() {
  const editor = useEditorInstance();
  const bottomOpen = useEditor((s) => s.bottomOpen);
  const panels = useEditor((s) => s.panels);
  const question = useCommandContextOf(editor);
  useShortcuts();
  useLiveDeploy();
  useLiveCompile();
  useAutosave();
  const addAtCentre = useAddAtCentre(editor);

  return (
    <ReactFlowProvider>
      <div
        className={`f8-app${bottomOpen ? '' : ' no-bottom'}`}
        style={
          {
            '--palette-w': `${panels.paletteOpen ? panels.paletteWidth : 32}px`,
            '--inspector-w': `${panels.inspectorOpen ? panels.inspectorWidth : 32}px`,
            '--bottom-h': `${panels.bottomHeight}px`,
          } as React.CSSProperties
        }
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
        <ConfirmDialog request={question} />
        {window.f8 ? <DesktopBridge api={window.f8} /> : null}
      </div>
    </ReactFlowProvider>
  );
}
