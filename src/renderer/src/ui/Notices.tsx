// Transient messages: refused drops and wires next to the cursor, other notices at the bottom.
import { useEditor } from '../store';

export function Notices() {
  const notices = useEditor((s) => s.notices);
  const dismiss = useEditor((s) => s.dismiss);
  return (
    <div className="f8-notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} role={n.kind === 'error' ? 'alert' : 'status'} className={`f8-notice is-${n.kind}${n.at ? ' at-cursor' : ''}`} style={n.at ? { left: Math.min(n.at.x + 12, window.innerWidth - 360), top: n.at.y + 14 } : undefined} onClick={() => dismiss(n.id)}>
          {n.text}
        </div>
      ))}
    </div>
  );
}
