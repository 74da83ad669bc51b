import { saveTo } from './files';
import { registerCommand } from './registry';

registerCommand({ id: 'file.saveAs', title: 'Save as…', keys: ['Shift+Mod+S'], group: 'file', global: true, run: (c) => saveTo(c, true) });
