// The f8studio service SDK. A service is a small file:
//
//   import { runService } from '<sdk>';
//   runService({ manifest: new URL('../service.json', import.meta.url).pathname,
//                onActivate(ctx) { ctx.every(100, () => ctx.publish('value', Math.random())); } });
export { ServiceHost, type ServiceContext, type ServiceDefinition, type StateChange, type HostOptions } from './host.js';
export { F8Error } from '../shared/errors.js';
export { TickTimes } from './stats.js';
export { filesDir, openInsideForAppend, resolveInside } from './files.js';
export { WriteGuard } from './write-guard.js';
export { waveform, WAVEFORMS, type Waveform } from './waveform.js';
export type { InstanceStats } from '../shared/verbs.js';
export type { Manifest, Subgraph, StateFieldSpec, OperatorSpec, PortSpec, ExecPortSpec, CommandSpec, Access, JsonSchema, HalfEdge, GraphEdge, GraphNode } from '../shared/types.js';
export type { Read } from '../shared/strategies.js';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServiceHost, type HostOptions, type ServiceDefinition } from './host.js';

/**
 * The service.json of a service module: beside its folder (`<service>/src/main.ts` ->
 * `<service>/service.json`), else beside the module itself (a bundle, `<service>/main.mjs`, from
 * scripts/build-services.ts), else in the working folder (the launcher starts a service in its
 * manifest's folder, which also covers a compiled copy under dist/).
 */
export function manifestBeside(moduleUrl: string, name = 'service.json'): string {
  const file = fileURLToPath(moduleUrl);
  const candidates = [join(dirname(dirname(file)), name), join(dirname(file), name), resolve(name)];
  return candidates.find((c) => existsSync(c)) ?? (candidates[0] as string);
}

/** Starts a service process: connect, register, serve; stops cleanly on SIGTERM/SIGINT. */
export async function runService(def: ServiceDefinition, opts: HostOptions = {}): Promise<ServiceHost> {
  const host = new ServiceHost(def, { exitProcess: true, ...opts });
  const stop = (sig: string) => void host.shutdown(sig);
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // nothing a service's code forgets to await may kill the process; a full disk must not either
  process.on('unhandledRejection', (reason) => host.unhandled(reason));
  for (const s of [process.stdout, process.stderr]) s.on('error', () => {});
  try {
    await host.start();
  } catch (err) {
    process.stderr.write(`${def.manifest instanceof Object ? (def.manifest as { serviceClass: string }).serviceClass : 'service'}: failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  return host;
}
