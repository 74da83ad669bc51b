// The one "is this instance running" rule the deployer and the editor share.
import { describe, expect, it } from 'vitest';
import { isRunning, isUp } from './instance-running.js';

describe('instance running', () => {
  it('is running only when registered (a runId) and answering', () => {
    expect(isRunning({ status: 'activated', runId: 'r1' })).toBe(true);
    expect(isRunning({ status: 'deactivated', runId: 'r1' })).toBe(true);
    expect(isRunning({ status: 'activated', runId: '' })).toBe(false);
    for (const status of ['error', 'unresponsive', 'stopped'] as const) expect(isRunning({ status, runId: 'r1' })).toBe(false);
    expect(isRunning(null)).toBe(false);
    expect(isRunning(undefined)).toBe(false);
  });

  it('is up while its process is (unresponsive or unregistered included), not when stopped or failed', () => {
    expect(isUp({ status: 'unresponsive' })).toBe(true);
    expect(isUp({ status: 'starting' })).toBe(true);
    expect(isUp({ status: 'stopped' })).toBe(false);
    expect(isUp({ status: 'error' })).toBe(false);
    expect(isUp(null)).toBe(false);
  });
});
