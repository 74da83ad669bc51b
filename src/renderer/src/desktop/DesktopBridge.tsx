// The desktop window's side of the IPC contract (window.f8, from the preload): the document's
// name and unsaved state for the title and the close question, the registry's commands for the
// native menu, menu clicks, files main opens (command line, second launch, OS, Open Recent),
// files dropped on the window, the close question's Save, and the settings (theme, Live default).
import { useEffect, useState } from 'react';
import type { F8DesktopApi, Theme } from '../../../shared/ipc';
import { runCommand } from '../commands';
import { openText } from '../commands/files';
import type { EditorState, EditorStore } from '../store';
import { useEditorInstance } from '../store/context';
import type { Editor } from '../store/editor';
import { menuCommands } from './menu-commands';
import { nativeEdit } from './native-edit';
import { SettingsDialog } from './SettingsDialog';

/** Unsaved work worth a question: an untouched empty untitled graph is not. */
export function needsSave(s: Pick<EditorState, 'dirty' | 'file' | 'graph'>): boolean {
  return s.dirty && !(s.file === null && s.graph.nodes.length === 0 && s.graph.edges.length === 0);
}

export function documentName(s: Pick<EditorState, 'file' | 'graph'>): string {
  return s.file?.name ?? s.graph.name ?? 'Untitled';
}

export function applyTheme(store: EditorStore, theme: Theme, win: Window = window): void {
  const light = theme === 'light' || (theme === 'system' && win.matchMedia?.('(prefers-color-scheme: light)').matches);
  win.document.documentElement.classList.toggle('light', !!light);
  store.getState().setTheme(light ? 'light' : 'dark');
}

const reporter = (store: EditorStore) => (what: string) => (err: unknown) => store.getState().notify('error', `${what}: ${(err as Error).message}`);

type OpenedFile = { name: string; text: string; path: string };

/** The window title and the close question follow the document's name and unsaved state. */
function useDocumentState(api: F8DesktopApi, store: EditorStore): void {
  useEffect(() => {
    let last = '';
    const push = () => {
      const s = store.getState();
      const path = typeof s.file?.handle === 'string' ? s.file.handle : undefined;
      const doc = { name: documentName(s).slice(0, 255), dirty: needsSave(s), ...(path ? { path } : {}) };
      const key = JSON.stringify(doc);
      if (key === last) return;
      last = key;
      api.documentState(doc).catch(reporter(store)('the window title'));
    };
    push();
    return store.subscribe(push);
  }, [api, store]);
}

/** The native menu's items and enabled states follow the registry (at most one update per 50 ms). */
function useMenuState(api: F8DesktopApi, { store, commands: context }: Editor): void {
  useEffect(() => {
    let last = '';
    let timer: ReturnType<typeof setTimeout> | null = null;
    const push = () => {
      timer ??= setTimeout(() => {
        timer = null;
        const commands = menuCommands(context.get());
        const key = JSON.stringify(commands);
        if (key === last) return;
        last = key;
        api.menuState({ commands }).catch(reporter(store)('the menu'));
      }, 50);
    };
    push();
    const offs = [store.subscribe(push), context.subscribe(push)];
    return () => {
      offs.forEach((off) => off());
      if (timer) clearTimeout(timer);
    };
  }, [api, store, context]);
}

/** What main asks of the window: menu clicks, files to open, the close question and its Save. */
function useMainRequests(api: F8DesktopApi, { store, commands }: Editor, open: (f: OpenedFile) => void, openSettings: () => void): void {
  useEffect(() => {
    const report = reporter(store);
    const offs = [
      api.on('menuCommand', ({ id, arg }) => {
        if (id === 'app.settings') return openSettings();
        if (nativeEdit(id)) return;
        void runCommand(id, arg, commands.get());
      }),
      api.on('openFile', open),
      api.on('closeQuery', ({ requestId }) => {
        const s = store.getState();
        api.reply({ requestId, value: { dirty: needsSave(s), name: documentName(s).slice(0, 255) } }).catch(report('closing'));
      }),
      api.on('saveForClose', ({ requestId }) => {
        void runCommand('file.save', undefined, commands.get()).then(() => api.reply({ requestId, value: { saved: !store.getState().dirty } }).catch(report('closing')));
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [api, store, commands, open, openSettings]);
}

/** A graph file dropped anywhere on the window opens (the palette's own drags carry no files). */
function useFileDrop(api: F8DesktopApi, store: EditorStore, open: (f: OpenedFile) => void): void {
  useEffect(() => {
    const hasFiles = (e: DragEvent) => !!e.dataTransfer?.types.includes('Files');
    const onDragOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      const path = api.pathForFile(file);
      if (!path) return store.getState().notify('error', `${file.name} is not a file on disk`);
      api.openPath({ path }).then(open, reporter(store)(`opening ${file.name}`));
    };
    window.addEventListener('dragover', onDragOver, true);
    window.addEventListener('drop', onDrop, true);
    return () => {
      window.removeEventListener('dragover', onDragOver, true);
      window.removeEventListener('drop', onDrop, true);
    };
  }, [api, store, open]);
}

/** The saved settings when the window opens: the theme, and Live on if asked. */
function useStartupSettings(api: F8DesktopApi, store: EditorStore): void {
  useEffect(() => {
    api
      .getSettings()
      .then((s) => {
        applyTheme(store, s.theme);
        if (s.liveDefault) store.getState().setLiveMode(true);
      })
      .catch(reporter(store)('the settings'));
  }, [api, store]);
}

export function DesktopBridge({ api }: { api: F8DesktopApi }) {
  const editor = useEditorInstance();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [open] = useState(() => (f: OpenedFile) => {
    const ctx = editor.commands.get();
    if (ctx) void openText(ctx, f.name, f.text, f.path);
  });
  const [openSettings] = useState(() => () => setSettingsOpen(true));
  useDocumentState(api, editor.store);
  useMenuState(api, editor);
  useMainRequests(api, editor, open, openSettings);
  useFileDrop(api, editor.store, open);
  useStartupSettings(api, editor.store);
  return <SettingsDialog api={api} open={settingsOpen} onClose={() => setSettingsOpen(false)} />;
}
