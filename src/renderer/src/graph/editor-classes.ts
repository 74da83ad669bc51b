// The editor's own node classes (hosted by the editor pseudo-instance): what each one offers.
// Editor nodes take data edges only (docs/contract-changes.md, v1.1).
import type { PortInfo } from './spec';
import type { StateFieldSpec } from '../../../shared/types';

export interface EditorClass {
  label: string;
  description: string;
  dataIn: PortInfo[];
  dataOut: PortInfo[];
  fields: StateFieldSpec[];
}

const num = { type: 'number' };

export const EDITOR_CLASSES: Record<string, EditorClass> = {
  plot: {
    label: 'Plot',
    description: 'A live chart of the numbers arriving on its input.',
    dataIn: [{ name: 'value', schema: num, description: 'Values to plot.' }],
    dataOut: [],
    fields: [{ name: 'window', valueSchema: { type: 'number', minimum: 1 }, access: 'rw', default: 10, uiControl: { kind: 'number', unit: 's' }, description: 'Seconds shown.' }],
  },
  display: {
    label: 'Display',
    description: 'Shows the last value arriving on its input, big.',
    dataIn: [{ name: 'value', description: 'Any value.' }],
    dataOut: [],
    fields: [],
  },
  slider: {
    label: 'Slider',
    description: 'Sends a number when you move it.',
    dataIn: [],
    dataOut: [{ name: 'value', schema: num, description: 'The slider position.' }],
    fields: [
      { name: 'value', valueSchema: num, access: 'rw', default: 0, showOnNode: true, uiControl: { kind: 'slider', min: 0, max: 1, step: 0.01 } },
      { name: 'min', valueSchema: num, access: 'rw', default: 0, uiControl: 'number' },
      { name: 'max', valueSchema: num, access: 'rw', default: 1, uiControl: 'number' },
    ],
  },
  toggle: {
    label: 'Toggle',
    description: 'Sends true or false.',
    dataIn: [],
    dataOut: [{ name: 'value', schema: { type: 'boolean' }, description: 'On or off.' }],
    fields: [{ name: 'value', valueSchema: { type: 'boolean' }, access: 'rw', default: false, showOnNode: true, uiControl: 'toggle' }],
  },
  button: {
    label: 'Button',
    description: 'Sends the time of each press.',
    dataIn: [],
    dataOut: [{ name: 'pressed', schema: num, description: 'Milliseconds since the epoch, on each press.' }],
    fields: [],
  },
};
