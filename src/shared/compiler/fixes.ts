// What a refused connection should say the user can do about it (pure). Every refusal of the
// connection checker (and the same diagnostic of the compiler) ends with `; fix: ...`.
//
// For data that does not fit, the fix is an operator of the catalog that sits between the two
// ports (an "adapter": one of its data inputs takes what the producer sends, one of its data
// outputs fits the consumer, both typed), e.g. a Threshold between a number and a boolean, an
// Expression between a boolean and a number; else what kind of output would fit.
import type { OperatorSpec, PortSpec } from '../types.js';
import { dataFits, isAnySchema, type Verdict } from './schema-compat.js';
import type { CompileCatalog } from './types.js';
import { asArray, isObject } from './util.js';

export interface Adapter {
  operatorClass: string;
  label: string;
  dataIn: PortSpec[];
  dataOut: PortSpec[];
}

/** The operator specs of every engine in the catalog (shipped, then runtime extras), one per class, in a stable order. */
export function adaptersOf(catalog: CompileCatalog): Adapter[] {
  const seen = new Map<string, Adapter>();
  const add = (spec: unknown): void => {
    if (!isObject(spec) || typeof spec.operatorClass !== 'string' || seen.has(spec.operatorClass)) return;
    const s = spec as unknown as OperatorSpec;
    const ports = (list: unknown): PortSpec[] => asArray<PortSpec>(list).filter((p) => isObject(p) && typeof p.name === 'string');
    seen.set(s.operatorClass, {
      operatorClass: s.operatorClass,
      label: typeof s.label === 'string' && s.label !== '' ? s.label : s.operatorClass,
      dataIn: ports(s.dataInPorts),
      dataOut: ports(s.dataOutPorts),
    });
  };
  const services = isObject(catalog.services) ? catalog.services : {};
  for (const cls of Object.keys(services).sort()) {
    const m = services[cls];
    if (isObject(m) && m.engine === true) for (const spec of asArray(m.operators)) add(spec);
  }
  const extra = isObject(catalog.engineOperators) ? catalog.engineOperators : {};
  for (const id of Object.keys(extra).sort()) for (const spec of asArray(extra[id])) add(spec);
  return [...seen.values()];
}

/** The adapter to put between a producer and a consumer schema: fewest data inputs first, then catalog order. */
export function findAdapter(adapters: readonly Adapter[], producer: unknown, consumer: unknown): Adapter | undefined {
  let best: Adapter | undefined;
  for (const a of adapters) {
    const takes = a.dataIn.some((p) => !isAnySchema(p.valueSchema) && dataFits(producer, p.valueSchema).ok);
    const gives = a.dataOut.some((p) => !isAnySchema(p.valueSchema) && dataFits(p.valueSchema, consumer).ok);
    if (takes && gives && (!best || a.dataIn.length < best.dataIn.length)) best = a;
  }
  return best;
}

function article(word: string): string {
  return /^[aeiouAEIOU]/.test(word) ? `an ${word}` : `a ${word}`;
}

/** The fix for a data edge refused by `dataFits` (the text after `fix: `). */
export function dataFix(verdict: Extract<Verdict, { ok: false }>, producer: unknown, consumer: unknown, adapters: readonly Adapter[]): string {
  switch (verdict.kind) {
    case 'nothing':
      return 'this input takes no data; wire another input';
    case 'only-null':
      return 'wire an output that sends values';
    default: {
      const adapter = findAdapter(adapters, producer, consumer);
      if (adapter) return `put ${article(adapter.label)} operator (${adapter.operatorClass}) between them`;
      if (verdict.kind === 'values') return "wire an output restricted to those values (e.g. a Constant), or widen the input's valueSchema";
      if (verdict.kind === 'required') return 'wire an output whose valueSchema requires that property, or change one of the two valueSchemas';
      const types = isObject(consumer) ? consumer.type : undefined;
      const wanted = typeof types === 'string' ? types : Array.isArray(types) ? types.filter((t) => t !== 'null').join(' or ') : 'what the input accepts';
      return `wire an output that sends ${wanted}, or change one of the two valueSchemas`;
    }
  }
}
