// The operator registry and the plugin loader. Pure: the importer is injected.
import type { OperatorDefinition, OperatorSpec } from './types.js';
// The contract's name patterns (the naming module's, through the SDK's pure graph-checks module).
import { CLASS_PATTERN as OPERATOR_CLASS_RE, NAME_PATTERN as NAME_RE } from '../../../../src/sdk/graph-checks.js';
const ACCESS = new Set(['rw', 'ro', 'wo', 'init']);

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Minimal shape check of an operator spec (the full check is the JSON Schema
 * operator-spec.schema.json, which the catalog applies). Returns problems, empty when fine.
 */
export function checkSpec(spec: unknown): string[] {
  if (!isObject(spec)) return ['spec must be an object'];
  const errors: string[] = [];
  const cls = spec.operatorClass;
  const where = typeof cls === 'string' ? `operator ${JSON.stringify(cls)}` : 'operator';
  if (typeof cls !== 'string' || cls.length > 128 || !OPERATOR_CLASS_RE.test(cls)) {
    errors.push(`${where}: operatorClass must match ${OPERATOR_CLASS_RE.source} (got ${JSON.stringify(cls)})`);
  }
  if (typeof spec.label !== 'string' || spec.label.length === 0) errors.push(`${where}: label must be a non-empty string`);
  for (const key of ['dataInPorts', 'dataOutPorts', 'execInPorts', 'execOutPorts', 'stateFields'] as const) {
    const list = spec[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      errors.push(`${where}: ${key} must be an array`);
      continue;
    }
    const seen = new Set<string>();
    for (const item of list as unknown[]) {
      if (!isObject(item) || typeof item.name !== 'string' || !NAME_RE.test(item.name)) {
        errors.push(`${where}: ${key} has an item without a valid name (${NAME_RE.source})`);
        continue;
      }
      if (seen.has(item.name)) errors.push(`${where}: ${key} names ${JSON.stringify(item.name)} twice`);
      seen.add(item.name);
      if (key === 'stateFields') {
        if (!isObject(item.valueSchema)) errors.push(`${where}: state field ${JSON.stringify(item.name)} needs a valueSchema object`);
        if (typeof item.access !== 'string' || !ACCESS.has(item.access)) {
          errors.push(`${where}: state field ${JSON.stringify(item.name)} has access ${JSON.stringify(item.access)} (rw, ro, wo or init)`);
        }
      }
    }
  }
  return errors;
}

function cloneSpec(spec: OperatorSpec): OperatorSpec {
  return JSON.parse(JSON.stringify(spec)) as OperatorSpec;
}

/** Checks a definition's shape and spec; returns its operatorClass or throws saying what is wrong. */
function assertDefinition(def: OperatorDefinition): string {
  if (!isObject(def) || typeof (def as { create?: unknown }).create !== 'function') {
    throw new Error('operator definition must be an object with spec and create(init)');
  }
  const problems = checkSpec(def.spec);
  if (problems.length > 0) throw new Error(`invalid operator spec: ${problems.join('; ')}`);
  return def.spec.operatorClass;
}

export class OperatorRegistry {
  readonly #defs = new Map<string, OperatorDefinition>();

  /** Adds an operator. Throws on a malformed spec or a duplicate operatorClass. */
  register(def: OperatorDefinition): void {
    const cls = assertDefinition(def);
    if (this.#defs.has(cls)) throw new Error(`operator ${JSON.stringify(cls)} is already registered`);
    this.#defs.set(cls, def);
  }

  get(operatorClass: string): OperatorDefinition | undefined {
    return this.#defs.get(operatorClass);
  }

  has(operatorClass: string): boolean {
    return this.#defs.has(operatorClass);
  }

  /** Copies of every spec, sorted by operatorClass (what catalog/operators publishes). */
  specs(): OperatorSpec[] {
    return [...this.#defs.keys()].sort().map((cls) => cloneSpec((this.#defs.get(cls) as OperatorDefinition).spec));
  }
}

// ---------------------------------------------------------------- plugins

/** What a plugin module's `register` receives. */
export interface PluginApi {
  register(def: OperatorDefinition): void;
}

/** A plugin module: `export function register(api) { api.register({ spec, create }) }` (may be async). */
export interface PluginModule {
  register(api: PluginApi): void | Promise<void>;
}

export interface PluginLoadResult {
  /** Specifiers whose operators were all registered. */
  loaded: string[];
  /** One message per failing plugin, naming the module. */
  errors: string[];
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Imports each plugin module in order and calls its `register(api)` (also accepted: a default
 * export carrying `register`). A plugin is all or nothing: its operators reach the registry only
 * when its `register` finished without error and every definition was valid and new. A failing
 * plugin never stops the others; its error names the module. The host turns paths into
 * importable specifiers (file URLs) before calling this.
 */
export async function loadPlugins(specifiers: readonly string[], registry: OperatorRegistry, importer: (specifier: string) => Promise<unknown> = (s) => import(s)): Promise<PluginLoadResult> {
  const result: PluginLoadResult = { loaded: [], errors: [] };
  for (const specifier of specifiers) {
    try {
      const mod = await importer(specifier);
      const candidate = isObject(mod) && typeof mod.register === 'function' ? mod : isObject(mod) && isObject(mod.default) && typeof mod.default.register === 'function' ? mod.default : undefined;
      if (candidate === undefined) throw new Error('does not export a register(api) function');
      const pending: OperatorDefinition[] = [];
      const api: PluginApi = {
        register(def: OperatorDefinition): void {
          const cls = assertDefinition(def);
          if (registry.has(cls) || pending.some((p) => p.spec.operatorClass === cls)) {
            throw new Error(`operator ${JSON.stringify(cls)} is already registered`);
          }
          pending.push(def);
        },
      };
      await (candidate as unknown as PluginModule).register(api);
      for (const def of pending) registry.register(def);
      result.loaded.push(specifier);
    } catch (err) {
      result.errors.push(`plugin ${JSON.stringify(specifier)} failed: ${message(err)}`);
    }
  }
  return result;
}
