import { registerCommand } from './registry';

registerCommand({ id: 'edit.undo', title: 'Undo', keys: ['Mod+Z'], group: 'edit', enabled: (c) => c.store.getState().canUndo, run: (c) => c.store.getState().undo() });
