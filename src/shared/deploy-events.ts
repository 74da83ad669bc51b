// What the master publishes on the deploy events subject while a deploy runs: one event per
// instance and phase. The master's deployer and the editor's live view share this one definition,
// the type generated from schemas/deploy-event.schema.json.
export type { DeployEvent, DeployPhase } from './generated/schema-types.js';
