// Take over: this viewer takes the lease from its holder (the holder turns viewer at its next ping).
import { registerCommand } from './registry';
import { holderName } from '../app/lease-name';

registerCommand({
  id: 'session.takeOver',
  title: 'Take over the lease',
  group: 'graph',
  enabled: (c) => !!c.session && c.store.getState().lease.role === 'viewer',
  disabledReason: 'only a viewer takes over',
  async run(c) {
    const holder = holderName(c.store.getState().lease, c.store.getState().clientId);
    await c.session!.takeOver();
    if (c.store.getState().lease.role === 'holder') c.store.getState().notify('info', `took the lease from ${holder}: this editor may deploy`);
  },
});
