// The instance's pure checks on what it is asked to run or write (split out of host.ts): a
// subgraph addressed to it with a matching etag and revision, seeded state values that fit
// their fields, a state write the field's access and schema allow. Each failure is an F8Error
// that says what and where; nothing has changed when one is thrown.
import { conflict, invalid, notFound } from '../shared/errors.js';
import { etagOf, type Sha256 } from '../shared/hash.js';
import { validateValue } from '../shared/schemas.js';
import type { DeployOpGraphRequest, LifecycleStatus, Manifest, SetStateRequest, StateFieldSpec, Subgraph } from '../shared/types.js';

export interface FieldLookup {
  instanceId: string;
  manifest: Manifest;
  /** Fields of nodes other than the service's own (engines' operators). */
  resolveField?: (nodeId: string, field: string) => StateFieldSpec | undefined;
}

/** The spec of a state field: the service's own (and extra fields its node declares, when editable), or an operator's. */
export function fieldSpec(o: FieldLookup, nodeId: string, field: string, sg: Subgraph | null): StateFieldSpec | undefined {
  if (nodeId !== o.instanceId) return o.resolveField?.(nodeId, field);
  const own = (o.manifest.stateFields ?? []).find((f) => f.name === field);
  if (own) return own;
  if (!o.manifest.editableStateFields) return undefined;
  const node = sg?.nodes.find((n) => n.nodeId === nodeId);
  return node && node.kind !== 'editor' ? node.ports?.stateFields?.find((f) => f.name === field) : undefined;
}

/** A deployOpGraph for this instance, on the revision it runs, with an honest etag (`sha256`: a native one in Node). */
export function checkSubgraph(o: FieldLookup, p: DeployOpGraphRequest, runs: number | null, sha256?: Sha256): void {
  const sg = p.subgraph;
  if (sg.instanceId !== o.instanceId) throw invalid(`subgraph is for '${sg.instanceId}', this is '${o.instanceId}'`);
  if (sg.serviceClass !== o.manifest.serviceClass) throw invalid(`subgraph is for serviceClass '${sg.serviceClass}', this is '${o.manifest.serviceClass}'`);
  if (p.expectedDeployRevision !== runs) throw conflict(`expected deployRevision ${String(p.expectedDeployRevision)}, this instance runs ${String(runs)}`, { graphRevision: runs });
  const { etag: _e, deployRevision: _r, ...body } = sg;
  if (etagOf(body, sha256) !== sg.etag) throw invalid('subgraph etag does not match its content');
}

/** The subgraph's seeded state values fit their fields (checked before anything is applied). */
export function checkSeededState(o: FieldLookup, sg: Subgraph): void {
  for (const [nodeId, fields] of Object.entries(sg.state ?? {})) {
    for (const [field, value] of Object.entries(fields)) {
      const spec = fieldSpec(o, nodeId, field, sg);
      if (!spec && nodeId === o.instanceId) throw invalid(`subgraph state: unknown field '${field}' of ${nodeId}`);
      if (!spec) continue;
      const r = validateValue(spec.valueSchema, value);
      if (!r.ok) throw invalid(`subgraph state ${nodeId}.${field}: ${r.message}`);
    }
  }
}

/** A setState the field allows: known, not read-only, not an init field while activated, a valid value. */
export function checkStateWrite(o: FieldLookup, p: SetStateRequest, sg: Subgraph | null, status: LifecycleStatus): void {
  const spec = fieldSpec(o, p.nodeId, p.field, sg);
  if (!spec) throw notFound(`unknown state field '${p.field}' on node '${p.nodeId}'`);
  if (spec.access === 'ro') throw invalid(`state field '${p.field}' is read-only (access ro): only the service writes it`);
  if (spec.access === 'init' && status === 'activated') throw conflict(`state field '${p.field}' (access init) is locked while the instance is activated`);
  const r = validateValue(spec.valueSchema, p.value);
  if (!r.ok) throw invalid(`value of '${p.field}': ${r.message}`);
}
