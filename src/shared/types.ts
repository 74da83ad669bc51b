// Types of the wire and disk formats. schemas/*.schema.json are the source of truth and are
// validated with ajv at every boundary (see schemas.ts); the types are generated from them
// (generated/schema-types.ts, `npm run generate`) and named here as the code knows them.
import type { ErrorCode } from './errors.js';
import type * as S from './generated/schema-types.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonSchema = Record<string, unknown>;

export type Access = S.Access;
export type RestartPolicy = S.RestartPolicy;
export type InstanceStatus = S.InstanceStatus;
export type LifecycleStatus = S.LifecycleStatus;
export type Strategy = S.Strategy;

export type PortSpec = S.PortSpec;
export type ExecPortSpec = S.ExecPortSpec;
export type StateFieldSpec = S.StateFieldSpec;
export type CommandSpec = S.CommandSpec;
/** The flags that let the editor add ports, fields or commands to one node of a class. */
export type EditableFlags = Pick<S.OperatorSpec, 'editableDataInPorts' | 'editableDataOutPorts' | 'editableStateFields' | 'editableCommands'>;
export type OperatorSpec = S.OperatorSpec;
export type LaunchSpec = S.Manifest['launch'];
export type Manifest = S.Manifest;

export type CatalogEntry = S.CatalogEntry;
export type StatusSummary = S.StatusSummary;
export type StateEntry = S.StateEntry;
export type InstanceRecord = S.InstanceRecord;

// ---------------------------------------------------------------- envelope

/** A request envelope whose payload is a `P` (the verb's own schema checks it). */
export type RequestEnvelope<P = unknown> = Omit<S.RequestEnvelope, 'payload'> & { payload: P };
/** A reply envelope whose payload is a `P`. */
export type ReplyEnvelope<P = unknown> = Omit<S.ReplyEnvelope, 'payload'> & { payload: P };

// ---------------------------------------------------------------- master verb payloads

export type PingRequest = S.MasterPingRequest;
export type PingReply = S.MasterPingReply;
/** The payload of a `conflict` reply to ping (another client holds the lease). */
export interface LeaseConflictPayload {
  holder: string;
  expiresAt: number;
}
export type RegisterRequest = S.MasterRegisterRequest;
export type RegisterReply = S.MasterRegisterReply;
export type UnregisterRequest = S.MasterUnregisterRequest;
export type CatalogReply = S.MasterCatalogReply;
export type InstancesReply = S.MasterInstancesReply;

// ---------------------------------------------------------------- graphs

export type EdgeKindName = S.EdgeKind;
export type PortRef = S.PortRef;
export type GraphEdge = S.GraphEdge;
export type NodeExtraPorts = S.NodePorts;
export type ServiceNode = S.ServiceNode;
export type OperatorNode = S.OperatorNode;
export type EditorNode = S.EditorNode;
export type GraphNode = ServiceNode | OperatorNode | EditorNode;
export type ServiceGraph = S.ServiceGraph;
export type HalfEdge = S.HalfEdge;
export type Subgraph = S.Subgraph;

// ---------------------------------------------------------------- instance verb payloads

export type DeployOpGraphRequest = S.InstanceDeployOpGraphRequest;
export type SetStateRequest = S.InstanceSetStateRequest;
export type CmdRequest = S.InstanceCmdRequest;

// ---------------------------------------------------------------- checks

// The error codes of errors.ts are the schema's, both ways (a type error here means they drifted).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
type _ErrorCodesMatchSchema = Holds<Same<ErrorCode, S.ErrorCode>>;
