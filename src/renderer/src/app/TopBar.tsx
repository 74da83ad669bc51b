// Top bar: file name with a dirty marker, deployed revision and pending changes, the toolbar
// (every button named, from the command registry), the lease and connection chips.
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useShallow } from 'zustand/react/shallow';
import { allCommands, disabledReason, isEnabled, runCommand, shortcutLabel } from '../commands';
import { EXAMPLES } from '../files/examples';
import { recentFiles } from '../files/recent';
import { useCommandContext, useEditor } from '../store/context';
import { holderName } from './lease-name';

function ToolButton({ id, label, icon, compact }: { id: string; label?: string; icon: string; compact?: boolean }) {
  // enabled states follow edits, the selection and the command context
  useEditor(
    (s) =>
      `${s.version}:${s.selectedNodes.size}:${s.selectedEdges.size}:${s.lease.role}:${s.analysis.errors}:${s.connection}:${s.masterReachable}:${s.deployed?.revision ?? 0}:${!!s.deployRun && !s.deployRun.outcome}`,
  );
  const ctx = useCommandContext();
  const c = allCommands().find((x) => x.id === id);
  if (!c) return null;
  const name = label ?? c.title.replace(/…$/, '');
  const keys = shortcutLabel(c.keys);
  const enabled = isEnabled(id, ctx);
  const reason = enabled ? null : disabledReason(id, ctx);
  const why = reason ? ` — ${reason}` : '';
  return (
    <button
      type="button"
      className={`f8-tool${compact ? ' is-compact' : ''}`}
      aria-label={name}
      title={`${keys ? `${c.title} (${keys})` : c.title}${why}`}
      disabled={!enabled}
      onClick={() => void runCommand(id, undefined, ctx)}
    >
      <span aria-hidden="true" className="f8-tool-icon">
        {icon}
      </span>
      <span className="f8-tool-text">{name}</span>
    </button>
  );
}

function LiveToggle() {
  const on = useEditor((s) => s.liveMode);
  useEditor((s) => `${s.lease.role}:${s.connection}:${!!s.deployRun?.outcome}`);
  const ctx = useCommandContext();
  const enabled = isEnabled('graph.toggleLive', ctx);
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-label="Live mode"
      className={`f8-tool f8-live${on ? ' is-on' : ''}`}
      disabled={!enabled}
      title={on ? 'Live is on: clean edits deploy themselves after 300 ms of quiet' : enabled ? 'Turn Live on: clean edits deploy themselves' : 'Live needs the master and the lease'}
      onClick={() => void runCommand('graph.toggleLive', undefined, ctx)}
    >
      <span className="f8-live-dot" aria-hidden="true" />
      Live
    </button>
  );
}

function FileMenu() {
  const ctx = useCommandContext();
  return (
    <Menu.Root>
      <Menu.Trigger className="f8-tool" aria-label="File menu">
        File ▾
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className="f8-menu" align="start" sideOffset={4}>
          {['file.new', 'file.open', 'file.save', 'file.saveAs'].map((id) => {
            const c = allCommands().find((x) => x.id === id);
            return c ? (
              <Menu.Item key={id} className="f8-menu-item" onSelect={() => void runCommand(id, undefined, ctx)}>
                {c.title}
                <span className="f8-menu-keys">{shortcutLabel(c.keys)}</span>
              </Menu.Item>
            ) : null;
          })}
          <Menu.Separator className="f8-menu-sep" />
          <Menu.Label className="f8-menu-label">Examples</Menu.Label>
          {EXAMPLES.map((e) => (
            <Menu.Item key={e.id} className="f8-menu-item" onSelect={() => void runCommand('file.openExample', e.id, ctx)}>
              {e.title}
            </Menu.Item>
          ))}
          <Menu.Separator className="f8-menu-sep" />
          <Menu.Label className="f8-menu-label">Open recent</Menu.Label>
          {recentFiles().length === 0 ? (
            <Menu.Item className="f8-menu-item" disabled>
              No recent files
            </Menu.Item>
          ) : null}
          {recentFiles().map((r) => (
            <Menu.Item key={r.name} className="f8-menu-item" onSelect={() => void runCommand('file.openRecent', r.name, ctx)}>
              {r.name}
            </Menu.Item>
          ))}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}

function LeaseChip() {
  const ctx = useCommandContext();
  const { lease, clientId } = useEditor(useShallow((s) => ({ lease: s.lease, clientId: s.clientId })));
  if (lease.role === 'holder')
    return (
      <span className="f8-chip is-ok" title={`This editor (${clientId}) holds the lease: it may deploy`} aria-label="Lease: held by this editor">
        <span className="f8-dot" />
        lease held
      </span>
    );
  if (lease.role === 'viewer')
    return (
      <span className="f8-chip-group">
        <span
          className="f8-chip is-warn"
          title={`${holderName(lease, clientId)} (${lease.holder}) holds the lease; this editor is a viewer: it may edit its copy, but not deploy or control instances`}
          aria-label={`Lease: viewer (held by ${holderName(lease, clientId)})`}
        >
          <span className="f8-dot" />
          viewer · held by {holderName(lease, clientId)}
        </span>
        <button
          type="button"
          className="f8-tool f8-takeover"
          onClick={() => void runCommand('session.takeOver', undefined, ctx)}
          title={`Take the lease from ${holderName(lease, clientId)}: it becomes a viewer`}
        >
          Take over
        </button>
      </span>
    );
  return (
    <span className="f8-chip" aria-label="Lease: unknown">
      <span className="f8-dot" />
      lease —
    </span>
  );
}

function ConnectionChip() {
  const { connection, error, url } = useEditor(useShallow((s) => ({ connection: s.connection, error: s.connectionError, url: s.natsUrl })));
  const cls = connection === 'connected' ? 'is-ok' : connection === 'error' || connection === 'disconnected' ? 'is-bad' : 'is-warn';
  return (
    <span className={`f8-chip ${cls}`} title={`${url ?? 'no NATS URL'}${error ? `: ${error}` : ''}`} aria-label={`NATS: ${connection}`} data-testid="connection">
      <span className="f8-dot" />
      NATS {connection}
    </span>
  );
}

export function TopBar() {
  const { name, fileName, dirty, deployed, pending, errors, base } = useEditor(
    useShallow((s) => ({ name: s.graph.name, fileName: s.file?.name, dirty: s.dirty, deployed: s.deployed, pending: s.analysis.pending, errors: s.analysis.errors, base: s.baseRevision })),
  );
  const behind = deployed && base !== null && base < deployed.revision ? base : null;
  const title = fileName ?? name ?? 'Untitled';
  return (
    <header className="f8-topbar" role="banner">
      <div className="f8-brand">f8studio</div>
      <div className="f8-title" title={fileName ? `${fileName}${name ? ` — ${name}` : ''}` : undefined}>
        <span data-testid="title" title={name ?? title}>
          {title}
        </span>
        {dirty ? (
          <span className="f8-dirty" aria-label="unsaved changes" title="unsaved changes">
            ●
          </span>
        ) : null}
      </div>
      <div className="f8-rev" data-testid="pending">
        {deployed ? `rev ${deployed.revision}` : 'not deployed'} · {errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : pending === null ? '—' : `${pending} pending`}
        {behind !== null ? (
          <span
            className="f8-behind"
            title={`Revision ${deployed?.revision} was deployed${deployed?.deployedBy ? ` by ${deployed.deployedBy}` : ''} after this graph's base (revision ${behind}): a deploy asks first`}
          >
            {' '}
            · based on rev {behind}
          </span>
        ) : null}
      </div>
      <nav className="f8-toolbar" aria-label="Toolbar">
        <FileMenu />
        <ToolButton compact id="file.new" icon="+" />
        <ToolButton compact id="file.open" icon="⇪" />
        <ToolButton compact id="file.save" icon="⤓" />
        <span className="f8-sep" />
        <ToolButton compact id="edit.undo" icon="↶" />
        <ToolButton compact id="edit.redo" icon="↷" />
        <span className="f8-sep" />
        <ToolButton compact id="graph.autoLayout" icon="⊞" />
        <ToolButton compact id="view.fit" icon="⤢" />
        <span className="f8-sep" />
        <ToolButton id="graph.deploy" icon="▶" />
        <LiveToggle />
        <ToolButton id="graph.stopAll" icon="■" />
      </nav>
      <div className="f8-chips">
        <LeaseChip />
        <ConnectionChip />
      </div>
    </header>
  );
}
