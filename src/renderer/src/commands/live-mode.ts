// Live mode on/off: with Live on, edits that compile cleanly deploy themselves (app/live-hooks).
import { deployBlocker } from './deploy';
import { registerCommand } from './registry';

registerCommand({
  id: 'graph.toggleLive',
  title: 'Live mode',
  group: 'graph',
  enabled: (c) => c.store.getState().liveMode || deployBlocker(c) === null,
  disabledReason: 'Live deploys by itself: it needs the master and the lease',
  run(c) {
    const s = c.store.getState();
    s.setLiveMode(!s.liveMode);
    if (!s.liveMode) s.notify('info', 'Live is on: clean edits deploy themselves');
  },
});
