// In a text field the native menu's Copy, Paste, Undo... act on the text, as the field's own
// keys do (the page's shortcut handler leaves typing targets alone too).
const NATIVE: Record<string, string> = { 'edit.copy': 'copy', 'edit.paste': 'paste', 'edit.selectAll': 'selectAll', 'edit.undo': 'undo', 'edit.redo': 'redo', 'edit.delete': 'delete' };

export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement).isContentEditable;
}

/** True when the command was carried out on the focused text field instead. */
export function nativeEdit(id: string, doc: Document = document): boolean {
  const op = NATIVE[id];
  if (!op || !isTypingTarget(doc.activeElement)) return false;
  // execCommand is the one way to reach the field's own clipboard and undo stack from script
  return doc.execCommand(op);
}
