// An accessible confirmation dialog (Radix): focus trapped, Escape cancels.
import * as D from '@radix-ui/react-dialog';

export interface ConfirmRequest {
  title: string;
  body: string;
  /** Lines shown as a list under the body (a deploy plan). */
  lines?: string[];
  confirm: string;
  /** primary for a normal action, danger (default) for a destructive one. */
  tone?: 'primary' | 'danger';
  /** A third choice, e.g. "Save first". */
  alternative?: string;
  resolve(choice: 'confirm' | 'alternative' | 'cancel'): void;
}

export function ConfirmDialog({ request }: { request: ConfirmRequest | null }) {
  return (
    <D.Root open={!!request} onOpenChange={(open) => !open && request?.resolve('cancel')}>
      <D.Portal>
        <D.Overlay className="f8-overlay" />
        <D.Content className="f8-dialog" aria-describedby="f8-dialog-body">
          <D.Title className="f8-dialog-title">{request?.title}</D.Title>
          <D.Description id="f8-dialog-body" className="f8-dialog-body">
            {request?.body}
          </D.Description>
          {request?.lines?.length ? (
            <ul className="f8-dialog-lines" aria-label="Plan">
              {request.lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          ) : null}
          <div className="f8-dialog-actions">
            <button type="button" onClick={() => request?.resolve('cancel')}>
              Cancel
            </button>
            {request?.alternative ? (
              <button type="button" onClick={() => request.resolve('alternative')}>
                {request.alternative}
              </button>
            ) : null}
            <button type="button" className={request?.tone === 'primary' ? 'is-primary' : 'is-danger'} onClick={() => request?.resolve('confirm')} autoFocus>
              {request?.confirm}
            </button>
          </div>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
