// @vitest-environment happy-dom
// The inspector's instance buttons follow the shared "up" rule (src/shared/instance-running):
// an instance whose process is up, answering or not, can be stopped; a stopped or failed one
// only restarted.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceRecord } from '../../../../shared/types';
import { createEditor } from '../../store/editor';
import { Providers, record } from '../../canvas/nodes/testing';
import { InstanceControls } from './InstanceControls';

afterEach(cleanup);

const enabled = (name: string) => !(screen.getByRole('button', { name }) as HTMLButtonElement).disabled;

function draw(status: InstanceRecord['status']) {
  const editor = createEditor({ clientId: 'test' });
  const s = editor.store.getState();
  s.setConnection('connected');
  s.setLease({ role: 'holder', holder: 'test', expiresAt: null });
  render(
    <Providers editor={editor}>
      <InstanceControls instanceId="sig" />
    </Providers>,
  );
  act(() => editor.store.getState().applyLive([{ type: 'record', id: 'sig', record: record(status) }]));
}

describe('instance controls', () => {
  it.each([
    ['activated', { Activate: false, Deactivate: true, Restart: true, Stop: true }],
    ['deactivated', { Activate: true, Deactivate: false, Restart: true, Stop: true }],
    ['unresponsive', { Activate: true, Deactivate: false, Restart: true, Stop: true }],
    ['stopped', { Activate: false, Deactivate: false, Restart: true, Stop: false }],
    ['error', { Activate: false, Deactivate: false, Restart: true, Stop: false }],
  ] as const)('%s: the buttons it may use', (status, want) => {
    draw(status);
    expect({ Activate: enabled('Activate'), Deactivate: enabled('Deactivate'), Restart: enabled('Restart'), Stop: enabled('Stop') }).toEqual(want);
  });
});
