// The desktop window's side of the IPC contract (window.f8, from the preload): the document's
// name and unsaved state for the title and the close question, the registry's commands for the
// native menu, menu clicks, files main opens (command line, second launch, OS, Open Recent),
// files dropped on the window, the close question's Save, and the settings (theme, Live default).
import { useEffect, useState } from 'react';
import type { F8DesktopApi, Theme } from '../../../shared/ipc';
import { commandContext, runCommand, subscribeCommandContext } from '../commands';
import { openText } from '../commands/files';
import { useEditor } from '../store';
import { menuCommands } from './menu-commands';
import { nativeEdit } from './native-edit';
import { SettingsDialog } from './SettingsDialog';

type EditorState = ReturnType<typeof useEditor.getState>;

/** Unsaved work worth a question: an untouched empty untitled graph is not. */
export function needsSave(s: Pick<EditorState, 'dirty' | 'file' | 'graph'>): boolean {
  return s.dirty && !(s.file === null && s.graph.nodes.length === 0 && s.graph.edges.length === 0);
}

export function documentName(s: Pick<EditorState, 'file' | 'graph'>): string {
  return s.file?.name ?? s.graph.name ?? 'Untitled';
}

export function applyTheme(theme: Theme, win: Window = window): void {
  const light = theme === 'light' || (theme === 'system' && win.matchMedia?.('(prefers-color-scheme: light)').matches);
  win.document.documentElement.classList.toggle('light', !!light);
  useEditor.getState().setTheme(light ? 'light' : 'dark');
}

const report = (what: string) => (err: unknown) => useEditor.getState().notify('error', `${what}: ${(err as Error).message}`);

export function DesktopBridge({ api }: { api: F8DesktopApi }) {
  const [settingsOpen, setSettingsOpen] = useState(false);

  useEffect(() => {
    const offs: (() => void)[] = [];
    let lastDoc = '';
    const pushDoc = () => {
      const s = useEditor.getState();
      const path = typeof s.file?.handle === 'string' ? s.file.handle : undefined;
      const doc = { name: documentName(s).slice(0, 255), dirty: needsSave(s), ...(path ? { path } : {}) };
      const key = JSON.stringify(doc);
      if (key === lastDoc) return;
      lastDoc = key;
      api.documentState(doc).catch(report('the window title'));
    };
    let lastMenu = '';
    let timer: ReturnType<typeof setTimeout> | null = null;
    const pushMenu = () => {
      timer ??= setTimeout(() => {
        timer = null;
        const commands = menuCommands(commandContext());
        const key = JSON.stringify(commands);
        if (key === lastMenu) return;
        lastMenu = key;
        api.menuState({ commands }).catch(report('the menu'));
      }, 50);
    };
    pushDoc();
    pushMenu();
    offs.push(useEditor.subscribe(() => (pushDoc(), pushMenu())));
    offs.push(subscribeCommandContext(pushMenu));
    offs.push(() => timer && clearTimeout(timer));

    offs.push(
      api.on('menuCommand', ({ id, arg }) => {
        if (id === 'app.settings') return setSettingsOpen(true);
        if (nativeEdit(id)) return;
        void runCommand(id, arg);
      }),
    );
    const open = (f: { name: string; text: string; path: string }) => {
      const ctx = commandContext();
      if (ctx) void openText(ctx, f.name, f.text, f.path);
    };
    offs.push(api.on('openFile', open));
    offs.push(
      api.on('closeQuery', ({ requestId }) => {
        const s = useEditor.getState();
        api.reply({ requestId, value: { dirty: needsSave(s), name: documentName(s).slice(0, 255) } }).catch(report('closing'));
      }),
    );
    offs.push(
      api.on('saveForClose', ({ requestId }) => {
        void runCommand('file.save').then(() => api.reply({ requestId, value: { saved: !useEditor.getState().dirty } }).catch(report('closing')));
      }),
    );

    // a graph file dropped anywhere on the window opens (the palette's own drags carry no files)
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
      if (!path) return useEditor.getState().notify('error', `${file.name} is not a file on disk`);
      api.openPath({ path }).then(open, report(`opening ${file.name}`));
    };
    window.addEventListener('dragover', onDragOver, true);
    window.addEventListener('drop', onDrop, true);
    offs.push(() => window.removeEventListener('dragover', onDragOver, true));
    offs.push(() => window.removeEventListener('drop', onDrop, true));

    api
      .getSettings()
      .then((s) => {
        applyTheme(s.theme);
        if (s.liveDefault) useEditor.getState().setLiveMode(true);
      })
      .catch(report('the settings'));
    return () => offs.forEach((off) => off());
  }, [api]);

  return <SettingsDialog api={api} open={settingsOpen} onClose={() => setSettingsOpen(false)} />;
}
