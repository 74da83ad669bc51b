// The built-in operators. Each is a full OperatorSpec plus a factory. Pure.
//
// Conventions:
// - Numeric inputs accept numbers, booleans (1/0) and numeric strings; other values are "not a
//   number" and make the output null. An unconnected (undefined) input counts as the operation's
//   identity (0 for add/subtract, 1 for multiply/divide) so a half-wired node still shows a value.
// - Results that are not finite numbers (NaN, ±Infinity, e.g. divide by 0) are reported as null,
//   which is what JSON can carry.
// - null means "no value" (docs/ports-and-types.md): an output that may have nothing to say
//   declares `number | null`, and the engine never hands a null to an input that excludes null
//   (that input keeps its last value), so such outputs chain into `number` inputs.
// - Stateful data operators (smooth, rate_limiter, random) advance at most once per tick: pulling
//   them twice in a tick recomputes from the previous tick's memory, so the result is stable.
import { compileExpression, type CompiledExpression } from './expression.js';
import { OperatorRegistry } from './registry.js';
import type { JsonSchema, OperatorContext, OperatorDefinition, PortSpec, StateFieldSpec } from './types.js';
import { finiteOrNull, toNumber } from './values.js';

const NUMBER: JsonSchema = { type: 'number' };
const NUMBER_OR_NULL: JsonSchema = { type: ['number', 'null'] };
const BOOLEAN: JsonSchema = { type: 'boolean' };
/** Inputs that read booleans as 1/0 and say so. */
const NUMBER_OR_BOOLEAN: JsonSchema = { type: ['number', 'boolean'] };

const VERSION = '0.1.0';

function dataPort(name: string, description: string, valueSchema?: JsonSchema): PortSpec {
  return valueSchema === undefined ? { name, description } : { name, valueSchema, description };
}
function numField(name: string, def: number, description: string, extra: Partial<StateFieldSpec> = {}): StateFieldSpec {
  return { name, valueSchema: NUMBER, access: 'rw', default: def, showOnNode: true, uiControl: 'number', description, ...extra };
}
function num(ctx: OperatorContext, field: string, fallback: number): number {
  const v = toNumber(ctx.state(field));
  return v === undefined || Number.isNaN(v) ? fallback : v;
}

// ---------------------------------------------------------------- tick

const tick: OperatorDefinition = {
  spec: {
    operatorClass: 'tick',
    label: 'Tick',
    version: VERSION,
    description: 'Starts an exec chain on every engine tick (the engine ticks every tickMs).',
    tags: ['flow'],
    execOutPorts: [{ name: 'out', description: 'Fires once per tick.' }],
    dataOutPorts: [
      dataPort('time', 'Tick time in seconds.', NUMBER),
      dataPort('dt', 'Seconds since the previous tick.', NUMBER),
    ],
  },
  create: () => ({
    exec: () => 'out',
    output: (port, ctx) => (port === 'time' ? ctx.now / 1000 : ctx.dt / 1000),
  }),
};

// ---------------------------------------------------------------- constant

const constant: OperatorDefinition = {
  spec: {
    operatorClass: 'constant',
    label: 'Constant',
    version: VERSION,
    description: 'Outputs the value of its state field `value` (any JSON value).',
    tags: ['data'],
    dataOutPorts: [dataPort('value', 'The constant.')],
    stateFields: [{ name: 'value', valueSchema: {}, access: 'rw', default: 0, showOnNode: true, uiControl: 'json', description: 'The value to output.' }],
  },
  create: () => ({ output: (_port, ctx) => ctx.state('value') }),
};

// ---------------------------------------------------------------- math

function binaryMath(cls: string, label: string, symbol: string, identity: number, fn: (a: number, b: number) => number, extra = ''): OperatorDefinition {
  return {
    spec: {
      operatorClass: cls,
      label,
      version: VERSION,
      description: `value = a ${symbol} b. An unconnected input counts as ${identity}; a non-numeric input or a non-finite result gives null.${extra}`,
      tags: ['math'],
      dataInPorts: [dataPort('a', 'Left operand.', NUMBER), dataPort('b', 'Right operand.', NUMBER)],
      dataOutPorts: [dataPort('value', `a ${symbol} b (null when undefined).`, NUMBER_OR_NULL)],
    },
    create: () => ({
      output: (_port, ctx) => {
        const ra = ctx.input('a');
        const rb = ctx.input('b');
        const a = ra === undefined ? identity : toNumber(ra);
        const b = rb === undefined ? identity : toNumber(rb);
        if (a === undefined || b === undefined) return null;
        return finiteOrNull(fn(a, b));
      },
    }),
  };
}

// ---------------------------------------------------------------- expression

const expression: OperatorDefinition = {
  spec: {
    operatorClass: 'expression',
    label: 'Expression',
    version: VERSION,
    description:
      'Evaluates a formula over inputs a, b, c, d (unconnected = 0), t (tick time in seconds), pi and e. ' +
      'Operators: + - * / % ^ (power), unary - and !, == != < <= > >=, && ||, cond ? x : y. ' +
      'Functions: sin cos tan asin acos atan atan2 abs min max clamp sqrt pow floor ceil round exp log sign. ' +
      'Booleans count as 1/0 in arithmetic, on the inputs too; a comparison or logic result is output as 1 (true) or 0 (false), so the result feeds any number input. ' +
      'A non-finite result gives null (no value); a parse error is reported with its position and gives no value.',
    tags: ['math'],
    dataInPorts: ['a', 'b', 'c', 'd'].map((n) => dataPort(n, `Variable ${n} (a boolean counts as 1/0).`, NUMBER_OR_BOOLEAN)),
    dataOutPorts: [dataPort('value', 'The result (1/0 for true/false; null when not finite).', NUMBER_OR_NULL)],
    stateFields: [
      { name: 'expr', valueSchema: { type: 'string', maxLength: 10000 }, access: 'rw', default: 'a + b', showOnNode: true, uiControl: 'text', description: 'The formula.' },
    ],
  },
  create: (init) => {
    let source: string | undefined;
    let compiled: CompiledExpression | undefined;
    const compile = (src: unknown): CompiledExpression => {
      const s = typeof src === 'string' ? src : '';
      if (compiled === undefined || s !== source) {
        source = s;
        compiled = compileExpression(s);
      }
      return compiled;
    };
    compile(init.state.expr);
    const inputNumber = (ctx: OperatorContext, port: string): number => {
      const v = ctx.input(port);
      return v === undefined ? 0 : (toNumber(v) ?? NaN);
    };
    return {
      setState: (field, value) => {
        if (field === 'expr') compile(value);
      },
      output: (_port, ctx) => {
        const c = compile(ctx.state('expr'));
        if (!c.ok) throw new Error(`expression error: ${c.error} at position ${c.position}`);
        const v = c.evaluate({ a: inputNumber(ctx, 'a'), b: inputNumber(ctx, 'b'), c: inputNumber(ctx, 'c'), d: inputNumber(ctx, 'd'), t: ctx.now / 1000 });
        return typeof v === 'boolean' ? (v ? 1 : 0) : finiteOrNull(v);
      },
    };
  },
};

// ---------------------------------------------------------------- oscillator

const WAVEFORMS = ['sine', 'square', 'saw', 'triangle'] as const;

/** Waveform value in [-1, 1] at cycle position p in [0, 1). */
export function wave(waveform: string, p: number): number {
  switch (waveform) {
    case 'square':
      return p < 0.5 ? 1 : -1;
    case 'saw':
      return 2 * p - 1;
    case 'triangle':
      return p < 0.5 ? 4 * p - 1 : 3 - 4 * p;
    default:
      return Math.sin(2 * Math.PI * p);
  }
}

const oscillator: OperatorDefinition = {
  spec: {
    operatorClass: 'oscillator',
    label: 'Oscillator',
    version: VERSION,
    description:
      'value = offset + amplitude * wave(p), p = frac(t * frequency + phase), t the tick time in seconds. ' +
      'sine = sin(2*pi*p); square = 1 for p < 0.5 else -1; saw rises -1..1; triangle -1..1..-1. Output phase is p in [0, 1).',
    tags: ['signal'],
    dataOutPorts: [dataPort('value', 'The signal.', NUMBER), dataPort('phase', 'Cycle position p in [0, 1).', NUMBER)],
    stateFields: [
      numField('frequency', 1, 'Cycles per second (Hz).', { uiControl: { kind: 'number', min: 0, step: 0.1, unit: 'Hz' } }),
      numField('amplitude', 1, 'Peak deviation from offset.'),
      numField('offset', 0, 'Center value.'),
      numField('phase', 0, 'Phase offset in cycles (0..1).', { showOnNode: false }),
      {
        name: 'waveform',
        valueSchema: { type: 'string', enum: [...WAVEFORMS] },
        access: 'rw',
        default: 'sine',
        showOnNode: true,
        uiControl: { kind: 'select', options: [...WAVEFORMS] },
        description: 'Wave shape.',
      },
    ],
  },
  create: () => {
    const position = (ctx: OperatorContext): number => {
      const x = (ctx.now / 1000) * num(ctx, 'frequency', 1) + num(ctx, 'phase', 0);
      const p = x - Math.floor(x);
      return Number.isFinite(p) ? p : 0;
    };
    return {
      output: (port, ctx) => {
        const p = position(ctx);
        if (port === 'phase') return p;
        const w = ctx.state('waveform');
        return finiteOrNull(num(ctx, 'offset', 0) + num(ctx, 'amplitude', 1) * wave(typeof w === 'string' ? w : 'sine', p));
      },
    };
  },
};

// ---------------------------------------------------------------- smooth / rate limiter

/** Memory that advances once per tick: `base` is the value at the end of the previous tick. */
class PerTick {
  base: number | undefined;
  current: number | undefined;
  tick = -1;
  begin(ctx: OperatorContext): number | undefined {
    if (ctx.tick !== this.tick) {
      this.tick = ctx.tick;
      this.base = this.current;
    }
    return this.base;
  }
}

const smooth: OperatorDefinition = {
  spec: {
    operatorClass: 'smooth',
    label: 'Smooth (EMA)',
    version: VERSION,
    description:
      'Exponential moving average: y = y_prev + alpha * (x - y_prev), once per tick; the first value passes through. ' +
      'alpha 1 follows the input, smaller is smoother. A non-numeric input holds the last output. Memory survives redeploys.',
    tags: ['signal'],
    dataInPorts: [dataPort('value', 'Input x.', NUMBER)],
    dataOutPorts: [dataPort('value', 'Smoothed y (null before any input).', NUMBER_OR_NULL)],
    stateFields: [numField('alpha', 0.2, 'Smoothing factor 0..1.', { valueSchema: { type: 'number', minimum: 0, maximum: 1 }, uiControl: { kind: 'slider', min: 0, max: 1, step: 0.01 } })],
  },
  create: () => {
    const mem = new PerTick();
    return {
      output: (_port, ctx) => {
        const prev = mem.begin(ctx);
        const x = toNumber(ctx.input('value'));
        if (x === undefined || !Number.isFinite(x)) {
          mem.current = prev;
        } else {
          const alpha = Math.min(1, Math.max(0, num(ctx, 'alpha', 0.2)));
          mem.current = prev === undefined ? x : prev + alpha * (x - prev);
        }
        return mem.current ?? null;
      },
    };
  },
};

const rateLimiter: OperatorDefinition = {
  spec: {
    operatorClass: 'rate_limiter',
    label: 'Rate limiter',
    version: VERSION,
    description:
      'Follows the input but changes by at most maxRatePerSec * dt per tick (dt the time since the previous tick). ' +
      'The first value passes through; a non-numeric input holds the last output.',
    tags: ['signal'],
    dataInPorts: [dataPort('value', 'Target value.', NUMBER)],
    dataOutPorts: [dataPort('value', 'Limited value (null before any input).', NUMBER_OR_NULL)],
    stateFields: [numField('maxRatePerSec', 1, 'Largest change per second.', { valueSchema: { type: 'number', minimum: 0 } })],
  },
  create: () => {
    const mem = new PerTick();
    return {
      output: (_port, ctx) => {
        const prev = mem.begin(ctx);
        const x = toNumber(ctx.input('value'));
        if (x === undefined || !Number.isFinite(x)) mem.current = prev;
        else if (prev === undefined) mem.current = x;
        else {
          const maxDelta = Math.max(0, num(ctx, 'maxRatePerSec', 1)) * (Math.max(0, ctx.dt) / 1000);
          mem.current = prev + Math.min(maxDelta, Math.max(-maxDelta, x - prev));
        }
        return mem.current ?? null;
      },
    };
  },
};

// ---------------------------------------------------------------- range map / clamp

const rangeMap: OperatorDefinition = {
  spec: {
    operatorClass: 'range_map',
    label: 'Range map',
    version: VERSION,
    description: 'Maps value linearly from [inMin, inMax] to [outMin, outMax]; with clamp the result stays inside the output range. inMin = inMax gives outMin.',
    tags: ['math'],
    dataInPorts: [dataPort('value', 'Input.', NUMBER)],
    dataOutPorts: [dataPort('value', 'Mapped value (null for a non-numeric input).', NUMBER_OR_NULL)],
    stateFields: [
      numField('inMin', 0, 'Input range start.'),
      numField('inMax', 1, 'Input range end.'),
      numField('outMin', 0, 'Output range start.'),
      numField('outMax', 100, 'Output range end.'),
      { name: 'clamp', valueSchema: BOOLEAN, access: 'rw', default: false, showOnNode: true, uiControl: 'toggle', description: 'Keep the result inside [outMin, outMax].' },
    ],
  },
  create: () => ({
    output: (_port, ctx) => {
      const x = toNumber(ctx.input('value'));
      if (x === undefined) return null;
      const inMin = num(ctx, 'inMin', 0);
      const inMax = num(ctx, 'inMax', 1);
      const outMin = num(ctx, 'outMin', 0);
      const outMax = num(ctx, 'outMax', 100);
      let y = inMax === inMin ? outMin : outMin + ((x - inMin) / (inMax - inMin)) * (outMax - outMin);
      if (ctx.state('clamp') === true) y = Math.min(Math.max(y, Math.min(outMin, outMax)), Math.max(outMin, outMax));
      return finiteOrNull(y);
    },
  }),
};

const clamp: OperatorDefinition = {
  spec: {
    operatorClass: 'clamp',
    label: 'Clamp',
    version: VERSION,
    description: 'Limits value to [min, max] (min wins if min > max). A non-numeric input gives null.',
    tags: ['math'],
    dataInPorts: [dataPort('value', 'Input.', NUMBER)],
    dataOutPorts: [dataPort('value', 'Clamped value.', NUMBER_OR_NULL)],
    stateFields: [numField('min', 0, 'Lower bound.'), numField('max', 1, 'Upper bound.')],
  },
  create: () => ({
    output: (_port, ctx) => {
      const x = toNumber(ctx.input('value'));
      if (x === undefined) return null;
      return finiteOrNull(Math.max(num(ctx, 'min', 0), Math.min(num(ctx, 'max', 1), x)));
    },
  }),
};

// ---------------------------------------------------------------- counter / threshold / sequence / print

const counter: OperatorDefinition = {
  spec: {
    operatorClass: 'counter',
    label: 'Counter',
    version: VERSION,
    description: 'Each time `in` fires, count += step, then `out` fires. Write count (e.g. 0) to reset it. The count survives redeploys.',
    tags: ['flow'],
    execInPorts: [{ name: 'in', description: 'Count once.' }],
    execOutPorts: [{ name: 'out', description: 'Fires after counting.' }],
    dataOutPorts: [dataPort('count', 'The current count.', NUMBER)],
    stateFields: [
      numField('count', 0, 'The current count (written by the engine; write it to reset).'),
      numField('step', 1, 'Added on each firing.'),
    ],
  },
  create: () => ({
    exec: (ctx) => {
      ctx.setState('count', num(ctx, 'count', 0) + num(ctx, 'step', 1));
      return 'out';
    },
    output: (_port, ctx) => num(ctx, 'count', 0),
  }),
};

const threshold: OperatorDefinition = {
  spec: {
    operatorClass: 'threshold',
    label: 'Threshold',
    version: VERSION,
    description:
      'A comparator with hysteresis: becomes active when value > threshold + hysteresis, inactive when value < threshold - hysteresis, ' +
      'and otherwise keeps its state (starts inactive). When `in` fires it fires `above` if active, else `below`.',
    tags: ['flow'],
    dataInPorts: [dataPort('value', 'Compared value.', NUMBER)],
    dataOutPorts: [dataPort('active', 'Whether value is above the threshold.', BOOLEAN)],
    execInPorts: [{ name: 'in', description: 'Compare and branch.' }],
    execOutPorts: [
      { name: 'above', description: 'Fires when active.' },
      { name: 'below', description: 'Fires when inactive.' },
    ],
    stateFields: [numField('threshold', 0.5, 'Switch point.'), numField('hysteresis', 0, 'Half-width of the dead band around the threshold.', { valueSchema: { type: 'number', minimum: 0 } })],
  },
  create: () => {
    let active = false;
    const update = (ctx: OperatorContext): boolean => {
      const x = toNumber(ctx.input('value'));
      if (x === undefined || Number.isNaN(x)) return active;
      const t = num(ctx, 'threshold', 0.5);
      const h = Math.abs(num(ctx, 'hysteresis', 0));
      if (x > t + h) active = true;
      else if (x < t - h) active = false;
      return active;
    };
    return {
      exec: (ctx) => (update(ctx) ? 'above' : 'below'),
      output: (_port, ctx) => update(ctx),
    };
  },
};

const sequence: OperatorDefinition = {
  spec: {
    operatorClass: 'sequence',
    label: 'Sequence',
    version: VERSION,
    description: 'When `in` fires, fires then0, then1 and then2 in that order (each chain runs to its end before the next).',
    tags: ['flow'],
    execInPorts: [{ name: 'in', description: 'Start the sequence.' }],
    execOutPorts: [
      { name: 'then0', description: 'Fires first.' },
      { name: 'then1', description: 'Fires second.' },
      { name: 'then2', description: 'Fires third.' },
    ],
  },
  create: () => ({ exec: () => ['then0', 'then1', 'then2'] }),
};

/** How print shows a value. */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined || typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

const print: OperatorDefinition = {
  spec: {
    operatorClass: 'print',
    label: 'Print',
    version: VERSION,
    description: 'When `in` fires, prints its input `value` (prefixed with "label: " when label is set), then fires `out`.',
    tags: ['debug'],
    execInPorts: [{ name: 'in', description: 'Print now.' }],
    execOutPorts: [{ name: 'out', description: 'Fires after printing.' }],
    dataInPorts: [dataPort('value', 'What to print (any value).')],
    stateFields: [{ name: 'label', valueSchema: { type: 'string' }, access: 'rw', default: '', showOnNode: true, uiControl: 'text', description: 'Prefix of each line.' }],
  },
  create: () => ({
    exec: (ctx) => {
      const label = ctx.state('label');
      const text = formatValue(ctx.input('value'));
      ctx.log(typeof label === 'string' && label !== '' ? `${label}: ${text}` : text);
      return 'out';
    },
  }),
};

// ---------------------------------------------------------------- select / merge / random

const select: OperatorDefinition = {
  spec: {
    operatorClass: 'select',
    label: 'Select',
    version: VERSION,
    description: 'value = sel ? b : a (sel is true for true or a non-zero number; unconnected sel is false).',
    tags: ['data'],
    dataInPorts: [dataPort('a', 'Chosen when sel is false.'), dataPort('b', 'Chosen when sel is true.'), dataPort('sel', 'The switch (true or a non-zero number).', NUMBER_OR_BOOLEAN)],
    dataOutPorts: [dataPort('value', 'a or b.')],
  },
  create: () => ({
    output: (_port, ctx) => {
      const sel = ctx.input('sel');
      const on = sel === true || (typeof sel === 'number' && sel !== 0 && !Number.isNaN(sel));
      return on ? ctx.input('b') : ctx.input('a');
    },
  }),
};

const merge: OperatorDefinition = {
  spec: {
    operatorClass: 'merge',
    label: 'Merge',
    version: VERSION,
    description: 'value = a if a has a value (not undefined or null), else b if it has one, else the last value it output (hold). Useful to combine an optional external feed with a default.',
    tags: ['data'],
    dataInPorts: [dataPort('a', 'Preferred source.'), dataPort('b', 'Fallback source.')],
    dataOutPorts: [dataPort('value', 'The merged value (undefined until something arrives).')],
  },
  create: () => {
    let last: unknown;
    return {
      output: (_port, ctx) => {
        const a = ctx.input('a');
        const v = a !== undefined && a !== null ? a : ctx.input('b');
        if (v !== undefined && v !== null) last = v;
        return last;
      },
    };
  },
};

const random: OperatorDefinition = {
  spec: {
    operatorClass: 'random',
    label: 'Random',
    version: VERSION,
    description: 'A new uniform random number in [min, max) every tick (the engine injects the random source).',
    tags: ['signal'],
    dataOutPorts: [dataPort('value', 'The random number.', NUMBER)],
    stateFields: [numField('min', 0, 'Lower bound.'), numField('max', 1, 'Upper bound.')],
  },
  create: () => {
    let tickSeen = -1;
    let r = 0;
    return {
      output: (_port, ctx) => {
        if (ctx.tick !== tickSeen) {
          tickSeen = ctx.tick;
          r = ctx.random();
        }
        const min = num(ctx, 'min', 0);
        return finiteOrNull(min + r * (num(ctx, 'max', 1) - min));
      },
    };
  },
};

// ---------------------------------------------------------------- catalog

/** Every built-in operator, in catalog order. */
export function builtinOperators(): OperatorDefinition[] {
  return [
    tick,
    constant,
    binaryMath('math.add', 'Add', '+', 0, (a, b) => a + b),
    binaryMath('math.subtract', 'Subtract', '-', 0, (a, b) => a - b),
    binaryMath('math.multiply', 'Multiply', '*', 1, (a, b) => a * b),
    binaryMath('math.divide', 'Divide', '/', 1, (a, b) => a / b, ' Divide by 0 gives null.'),
    expression,
    oscillator,
    smooth,
    rangeMap,
    clamp,
    rateLimiter,
    counter,
    threshold,
    select,
    merge,
    sequence,
    print,
    random,
  ];
}

/** A registry holding the built-in operators. */
export function createDefaultRegistry(): OperatorRegistry {
  const registry = new OperatorRegistry();
  for (const def of builtinOperators()) registry.register(def);
  return registry;
}
