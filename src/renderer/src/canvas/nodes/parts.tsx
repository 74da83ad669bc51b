// Pieces every node kind shares: the plan mark, the issue badge, the state rows shown on the
// node, the command buttons.
import { memo } from 'react';
import type { Diagnostic } from '../../../../shared/compiler';
import type { CommandSpec, StateEntry, StateFieldSpec } from '../../../../shared/types';
import { useEditorInstance } from '../../store/context';
import type { PlanMark } from '../../graph/flow';
import type { StatusTone } from '../../graph/live-status';
import { handleId } from '../../graph/handles';
import { Handle, Position } from '@xyflow/react';

const MARK_SYMBOL: Record<PlanMark['action'], string> = { start: '+', reconfigure: '~', restart: '↻', stop: '−' };
/** A mark speaks the status badges' colours: what the action will make of the node. */
const MARK_TONE: Record<PlanMark['action'], StatusTone> = { start: 'ok', reconfigure: 'busy', restart: 'warn', stop: 'idle' };
const MARK_WORD: Record<PlanMark['action'], string> = { start: 'start', reconfigure: 'reconfigure (state kept)', restart: 'restart (state reset)', stop: 'stop' };

export const Mark = memo(function Mark({ mark }: { mark: PlanMark | undefined }) {
  if (!mark) return null;
  const why = mark.reasons.join('; ');
  return (
    <span
      className={`f8-mark f8-tone-${MARK_TONE[mark.action]}`}
      title={`on deploy: ${MARK_WORD[mark.action]}${why ? ` — ${why}` : ''}`}
      role="img"
      aria-label={`pending: ${MARK_WORD[mark.action]}`}
      data-mark={mark.action}
    >
      {MARK_SYMBOL[mark.action]}
    </span>
  );
});

export const Issues = memo(function Issues({ issues }: { issues: Diagnostic[] | undefined }) {
  if (!issues?.length) return null;
  const errors = issues.filter((i) => i.severity === 'error');
  const list = errors.length ? errors : issues;
  return (
    <div className={`f8-node-issue ${errors.length ? 'is-error' : 'is-warning'}`} role="note" title={list.map((i) => i.message).join('\n')}>
      {list[0]?.message}
      {list.length > 1 ? ` (+${list.length - 1})` : ''}
    </div>
  );
});

export function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  if (v === '') return '(empty)';
  if (typeof v === 'number')
    return Number.isInteger(v)
      ? String(v)
      : v
          .toFixed(Math.abs(v) < 10 ? 3 : 1)
          .replace(/0+$/, '')
          .replace(/\.$/, '');
  if (typeof v === 'string') return v.length > 24 ? `${v.slice(0, 23)}…` : v;
  const text = JSON.stringify(v);
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}

/**
 * State fields on the node (showOnNode ones, those with a state edge, or all when expanded),
 * their draft value, and diamond handles for state edges.
 */
export const StateRows = memo(function StateRows({
  fields,
  state,
  live,
  connected,
  expanded,
  onToggle,
}: {
  fields: StateFieldSpec[];
  state: Record<string, unknown> | undefined;
  live?: Readonly<Record<string, StateEntry>>;
  connected: ReadonlySet<string>;
  expanded: boolean;
  onToggle: () => void;
}) {
  const shown = fields.filter((f) => expanded || f.showOnNode || connected.has(f.name));
  const hidden = fields.length - shown.length;
  if (!fields.length) return null;
  return (
    <div className="f8-state">
      {shown.map((f) => {
        const v = state && Object.hasOwn(state, f.name) ? state[f.name] : f.default;
        const entry = live?.[f.name];
        // a draft the user set that the running instance does not have (yet)
        const differs = !!entry && !!state && Object.hasOwn(state, f.name) && JSON.stringify(entry.value) !== JSON.stringify(v);
        return (
          <div key={f.name} className="f8-state-row" data-field={f.name}>
            {f.access !== 'ro' ? <Handle id={handleId('state', 'in', f.name)} type="target" position={Position.Left} className="f8-handle f8-handle-state" title={`${f.name} (state in)`} /> : null}
            <span className="f8-state-name">{f.label ?? f.name}</span>
            {entry ? (
              <span
                className={`f8-state-value is-live${differs ? ' differs' : ''}`}
                title={`live: ${formatValue(entry.value)} (${entry.source}, ${entry.actor})${differs ? `\ndraft: ${formatValue(v)} (applies on deploy)` : ''}`}
                data-live="true"
              >
                {formatValue(entry.value)}
                {differs ? <span className="f8-state-draft"> → {formatValue(v)}</span> : null}
              </span>
            ) : (
              <span className="f8-state-value" title="draft value (not running)">
                {formatValue(v)}
              </span>
            )}
            {f.access !== 'wo' ? <Handle id={handleId('state', 'out', f.name)} type="source" position={Position.Right} className="f8-handle f8-handle-state" title={`${f.name} (state out)`} /> : null}
          </div>
        );
      })}
      {hidden > 0 || expanded ? (
        <button type="button" className="f8-more nodrag" onClick={onToggle} aria-expanded={expanded}>
          {expanded ? 'fewer fields' : `${hidden} more field${hidden === 1 ? '' : 's'}`}
        </button>
      ) : null}
    </div>
  );
});

/** Command buttons on a service node: one without params runs at once (the reply as a notice); one with params opens its form in the inspector. */
export const Commands = memo(function Commands({ instanceId, commands, runnable }: { instanceId: string | null; commands: CommandSpec[]; runnable: boolean }) {
  const editor = useEditorInstance();
  if (!commands.length) return null;
  const click = (c: CommandSpec) => {
    const s = editor.store.getState();
    const session = editor.commands.get()?.session;
    if (!instanceId || !session) return;
    if (c.params && Object.keys((c.params as { properties?: object }).properties ?? {}).length) return s.select([instanceId], []);
    session
      .instance(instanceId)
      .call('cmd', { command: c.name, params: {} })
      .then((r) => editor.store.getState().notify('info', `${instanceId} ${c.name}: ${r.result === undefined || r.result === null ? 'done' : JSON.stringify(r.result).slice(0, 200)}`))
      .catch((e: Error) => editor.store.getState().notify('error', `${instanceId} ${c.name}: ${e.message}`));
  };
  return (
    <div className="f8-commands">
      {commands.map((c) => (
        <button
          key={c.name}
          type="button"
          className="f8-cmd nodrag"
          disabled={!runnable}
          title={runnable ? (c.description ?? c.name) : 'Commands run on the running instance (deploy first; the lease holder only)'}
          onClick={() => click(c)}
        >
          {c.name}
        </button>
      ))}
    </div>
  );
});
