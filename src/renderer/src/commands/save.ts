import { saveTo } from './files';
import { registerCommand } from './registry';

registerCommand({ id: 'file.save', title: 'Save', keys: ['Mod+S'], group: 'file', global: true, run: (c) => saveTo(c, false) });
