// What the master publishes on the deploy events subject while a deploy runs: one event per
// instance and phase. The master's deployer and the editor's live view share this one definition.
export type DeployPhase = 'starting' | 'started' | 'applying' | 'applied' | 'failed' | 'rolled-back' | 'stopping' | 'stopped' | 'activated';

export interface DeployEvent {
  revision: number;
  instanceId: string;
  phase: DeployPhase;
  error?: string;
}
