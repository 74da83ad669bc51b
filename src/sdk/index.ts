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
export { waveform, type Waveform } from './waveform.js';
export { manifestBeside } from './manifest.js';
export type { InstanceStats } from '../shared/verbs.js';
export type { Manifest, Subgraph, StateFieldSpec, OperatorSpec, PortSpec, ExecPortSpec, CommandSpec, Access, JsonSchema, HalfEdge, GraphEdge, GraphNode } from '../shared/types.js';
export type { Read } from '../shared/strategies.js';
import { ServiceHost, type HostOptions, type ServiceDefinition } from './host.js';

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
