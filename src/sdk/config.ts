// Service process configuration: environment first, CLI flags override.
import { parseArgs } from 'node:util';

export interface ServiceConfig {
  natsUrl: string;
  /** The instanceId the master launched us as; undefined: the master assigns one at register. */
  serviceId?: string;
  /** kv_f8_<instanceId>; derived when absent. */
  bucket?: string;
  /** Actor id for state writes (default: the instanceId). */
  actorId?: string;
  /** How long without a master probe before the master counts as unreachable. */
  masterTimeoutMs: number;
  /** The manifestHash of service.json as the master's catalog validated it (F8_MANIFEST_HASH). */
  manifestHash?: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): ServiceConfig {
  const { values } = parseArgs({
    args: argv,
    options: { 'service-id': { type: 'string' }, 'nats-url': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const pick = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const cfg: ServiceConfig = {
    natsUrl: pick(values['nats-url']) ?? pick(env.F8_NATS_URL) ?? 'nats://127.0.0.1:4222',
    masterTimeoutMs: Number(env.F8_MASTER_TIMEOUT_MS ?? '') > 0 ? Number(env.F8_MASTER_TIMEOUT_MS) : 7_000,
  };
  const id = pick(values['service-id']) ?? pick(env.F8_SERVICE_ID);
  if (id) cfg.serviceId = id;
  const bucket = pick(env.F8_NATS_BUCKET);
  if (bucket) cfg.bucket = bucket;
  const actor = pick(env.F8_ACTOR_ID);
  if (actor) cfg.actorId = actor;
  const manifestHash = pick(env.F8_MANIFEST_HASH);
  if (manifestHash) cfg.manifestHash = manifestHash;
  return cfg;
}
