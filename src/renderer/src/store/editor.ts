// One editor: its store and what belongs with it (the plot series and log buffers, the canvas
// API, the command context, the containers' head heights), made per app mount by the EditorProvider, or per test with
// createEditor(). Nothing here is a module singleton, so two editors (or two tests) never share state.
import type { CanvasApi, CommandContext } from '../commands/registry';
import { createEditorStore, sessionClientId, type EditorStore } from './index';
import { releaseStreams } from './release';
import { Slot } from './slot';
import { Keyed, LogBuffer, Series } from './streams';

export interface Editor {
  store: EditorStore;
  /** Series by editor nodeId (what arrives on a plot's or display's input). */
  series: Keyed<Series>;
  /** Log buffers by instanceId. */
  logs: Keyed<LogBuffer>;
  /** Set by the Canvas while React Flow is up. */
  canvas: Slot<CanvasApi>;
  /** Set by the app once it has the files, the dialogs and (later) the session. */
  commands: Slot<CommandContext>;
  /** The measured height of each engine's and container's head block (flow units), written by the container nodes. */
  headHeights: Map<string, number>;
}

export function createEditor(opts: { clientId?: string } = {}): Editor {
  const store = createEditorStore(opts.clientId ?? sessionClientId());
  const series = new Keyed(() => new Series());
  const logs = new Keyed(() => new LogBuffer());
  // the subscription lives on the editor's own store: it goes with it
  releaseStreams(store, { series, logs });
  return { store, series, logs, canvas: new Slot(), commands: new Slot(), headHeights: new Map() };
}
