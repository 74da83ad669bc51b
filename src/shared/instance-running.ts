// When an instance counts as running, from its registry record: one rule for the master's
// deployer and the editor. Pure.
import type { InstanceRecord } from './types.js';

/** Statuses of an instance whose process is gone or failed. */
const DOWN: readonly string[] = ['stopped', 'error'];

/** Its process is up (not stopped or failed); it may be unresponsive, or between registrations. */
export function isUp(record: Pick<InstanceRecord, 'status'> | null | undefined): boolean {
  return !!record && !DOWN.includes(record.status);
}

/** Running: up, registered (it has a runId) and answering. A deploy applies to it rather than starting it. */
export function isRunning(record: Pick<InstanceRecord, 'status' | 'runId'> | null | undefined): boolean {
  return isUp(record) && record!.runId !== '' && record!.status !== 'unresponsive';
}
