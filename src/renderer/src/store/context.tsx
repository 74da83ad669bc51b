// The editor in React context, as xyflow keeps its store: the app mounts an EditorProvider
// and every component reaches the store and the editor's registries through these hooks.
import { createContext, useContext, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { CommandContext } from '../commands/registry';
import { createEditor, type Editor } from './editor';
import type { EditorState, EditorStore } from './index';

const EditorContext = createContext<Editor | null>(null);

/** Provides `editor`, or an editor of its own made once per mount. */
export function EditorProvider({ editor, children }: { editor?: Editor; children: ReactNode }) {
  const [own] = useState(() => editor ?? createEditor());
  return <EditorContext.Provider value={editor ?? own}>{children}</EditorContext.Provider>;
}

/** The editor this component belongs to. */
export function useEditorInstance(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('no editor: render inside an EditorProvider');
  return editor;
}

/** The store itself, for reading the state in event handlers and effects. */
export function useEditorStore(): EditorStore {
  return useEditorInstance().store;
}

/** A selection from the editor's store (re-renders when it changes). */
export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(useEditorInstance().store, selector);
}

/** The command context (re-renders when the app replaces it, e.g. once the session is up). */
export function useCommandContext(): CommandContext | null {
  const { commands } = useEditorInstance();
  return useSyncExternalStore(commands.subscribe, commands.get);
}
