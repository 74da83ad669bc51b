import { registerCommand } from './registry';

registerCommand({ id: 'edit.redo', title: 'Redo', keys: ['Shift+Mod+Z', 'Mod+Y'], group: 'edit', enabled: (c) => c.store.getState().canRedo, run: (c) => c.store.getState().redo() });
