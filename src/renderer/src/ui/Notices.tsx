// Transient messages: refused drops and wires next to the cursor, other notices at the bottom.
import { useEffect } from 'react';
import { useEditor, useEditorStore } from '../store/context';

export function Notices() {
  const store = useEditorStore();
  const notices = useEditor((s) => s.notices);
  const dismiss = useEditor((s) => s.dismiss);
  // a click anywhere puts away the messages shown at the cursor
  useEffect(() => {
    const onDown = () => {
      for (const n of store.getState().notices) if (n.at) store.getState().dismiss(n.id);
    };
    window.addEventListener('pointerdown', onDown, true);
    return () => window.removeEventListener('pointerdown', onDown, true);
  }, [store]);
  const one = (n: (typeof notices)[number]) => (
    <div
      key={n.id}
      role={n.kind === 'error' ? 'alert' : 'status'}
      className={`f8-notice is-${n.kind}${n.at ? ' at-cursor' : ''}`}
      style={n.at ? { left: Math.min(n.at.x + 12, window.innerWidth - 360), top: Math.min(n.at.y + 14, window.innerHeight - 80) } : undefined}
      onClick={() => dismiss(n.id)}
    >
      {n.text}
    </div>
  );
  // Notices at the cursor sit outside the centred (transformed) column, which would offset them.
  return (
    <>
      <div className="f8-notices" aria-live="polite">
        {notices.filter((n) => !n.at).map(one)}
      </div>
      <div aria-live="polite">{notices.filter((n) => n.at).map(one)}</div>
    </>
  );
}
