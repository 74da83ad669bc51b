// A small, safe expression language for the `expression` operator: a hand-written tokenizer, a
// Pratt parser to an AST and a tree-walking evaluator. Never eval/Function; identifiers are
// looked up in fixed Maps, so nothing of the host (constructor, __proto__, process,
// globalThis, ...) is reachable: such names are "unknown identifier" errors at parse time.
//
// Grammar, lowest precedence first:
//   cond ? a : b          (right associative)
//   ||   &&               (boolean results)
//   == !=   < <= > >=
//   + -     * / %
//   unary - + !
//   ^                     (power, right associative, binds tighter than unary: -2^2 = -4)
//   number | name | fn(args...) | ( expr )
// Names: a b c d (the inputs), t (tick time in seconds), pi, e.
// Functions: sin cos tan asin acos atan atan2 abs min max clamp sqrt pow floor ceil round exp
// log sign.
// Values are numbers or booleans; arithmetic treats true as 1 and false as 0; a condition is
// true when it is true or a non-zero, non-NaN number.

export type Value = number | boolean;

export type Node =
  | { type: 'num'; value: number; pos: number }
  | { type: 'var'; name: string; pos: number }
  | { type: 'unary'; op: '-' | '+' | '!'; arg: Node; pos: number }
  | { type: 'binary'; op: string; left: Node; right: Node; pos: number }
  | { type: 'cond'; test: Node; then: Node; else: Node; pos: number }
  | { type: 'call'; name: string; args: Node[]; pos: number };

export type ParseResult = { ok: true; ast: Node } | { ok: false; error: string; position: number };

export const MAX_EXPRESSION_LENGTH = 10_000;
const MAX_DEPTH = 100;

const VARIABLES: ReadonlySet<string> = new Set(['a', 'b', 'c', 'd', 't', 'pi', 'e']);

interface Fn {
  min: number;
  max: number;
  run(args: number[]): number;
}
/** A function of one or two numbers (a missing argument reads as NaN). */
const unary = (f: (x: number) => number): Fn => ({ min: 1, max: 1, run: (x) => f(x[0] ?? NaN) });
const binary = (f: (a: number, b: number) => number): Fn => ({ min: 2, max: 2, run: (x) => f(x[0] ?? NaN, x[1] ?? NaN) });
const FUNCTIONS: ReadonlyMap<string, Fn> = new Map<string, Fn>([
  ...(['sin', 'cos', 'tan', 'asin', 'acos', 'atan'] as const).map((name): [string, Fn] => [name, unary(Math[name])]),
  ['atan2', binary(Math.atan2)],
  ['abs', unary(Math.abs)],
  ['min', { min: 1, max: Infinity, run: (x) => Math.min(...x) }],
  ['max', { min: 1, max: Infinity, run: (x) => Math.max(...x) }],
  ['clamp', { min: 3, max: 3, run: (x) => Math.min(Math.max(x[0] ?? NaN, x[1] ?? NaN), x[2] ?? NaN) }],
  ['sqrt', unary(Math.sqrt)],
  ['pow', binary(Math.pow)],
  ...(['floor', 'ceil', 'round', 'exp', 'log', 'sign'] as const).map((name): [string, Fn] => [name, unary(Math[name])]),
]);

// ---------------------------------------------------------------- tokenizer

type TokenType = 'num' | 'name' | 'op' | 'eof';
interface Token {
  type: TokenType;
  text: string;
  value: number;
  pos: number;
}

const OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '+', '-', '*', '/', '%', '^', '<', '>', '!', '?', ':', '(', ')', ','];

class ExprError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}
function isNameStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_';
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src.charAt(i);
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(ch) || (ch === '.' && isDigit(src.charAt(i + 1)))) {
      while (isDigit(src.charAt(i))) i++;
      if (src.charAt(i) === '.') {
        i++;
        while (isDigit(src.charAt(i))) i++;
      }
      if (src.charAt(i) === 'e' || src.charAt(i) === 'E') {
        let j = i + 1;
        if (src.charAt(j) === '+' || src.charAt(j) === '-') j++;
        if (isDigit(src.charAt(j))) {
          i = j;
          while (isDigit(src.charAt(i))) i++;
        }
      }
      const text = src.slice(start, i);
      if (isNameStart(src.charAt(i))) throw new ExprError(`malformed number "${text}${src.charAt(i)}"`, start);
      tokens.push({ type: 'num', text, value: Number(text), pos: start });
      continue;
    }
    if (isNameStart(ch)) {
      while (isNameStart(src.charAt(i)) || isDigit(src.charAt(i))) i++;
      tokens.push({ type: 'name', text: src.slice(start, i), value: NaN, pos: start });
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op === undefined) throw new ExprError(`unexpected character ${JSON.stringify(ch)}`, i);
    tokens.push({ type: 'op', text: op, value: NaN, pos: i });
    i += op.length;
  }
  tokens.push({ type: 'eof', text: '', value: NaN, pos: src.length });
  return tokens;
}

// ---------------------------------------------------------------- parser (Pratt)

const BINARY: ReadonlyMap<string, { lbp: number; right: boolean }> = new Map([
  ['||', { lbp: 2, right: false }],
  ['&&', { lbp: 3, right: false }],
  ['==', { lbp: 4, right: false }],
  ['!=', { lbp: 4, right: false }],
  ['<', { lbp: 5, right: false }],
  ['<=', { lbp: 5, right: false }],
  ['>', { lbp: 5, right: false }],
  ['>=', { lbp: 5, right: false }],
  ['+', { lbp: 6, right: false }],
  ['-', { lbp: 6, right: false }],
  ['*', { lbp: 7, right: false }],
  ['/', { lbp: 7, right: false }],
  ['%', { lbp: 7, right: false }],
  ['^', { lbp: 9, right: true }],
]);
const TERNARY_BP = 1;
const UNARY_BP = 8;

class Parser {
  #i = 0;
  #depth = 0;
  constructor(private readonly tokens: Token[]) {}

  #peek(): Token {
    return this.tokens[this.#i] ?? { type: 'eof', text: '', value: NaN, pos: 0 };
  }
  #next(): Token {
    const t = this.#peek();
    if (this.#i < this.tokens.length - 1) this.#i++;
    return t;
  }
  #expect(text: string): Token {
    const t = this.#peek();
    if (t.type !== 'op' || t.text !== text) throw new ExprError(`expected "${text}" but found ${describe(t)}`, t.pos);
    return this.#next();
  }

  parseAll(): Node {
    const node = this.expr(0);
    const t = this.#peek();
    if (t.type !== 'eof') throw new ExprError(`unexpected ${describe(t)}`, t.pos);
    return node;
  }

  expr(minBp: number): Node {
    if (++this.#depth > MAX_DEPTH) throw new ExprError(`expression nested deeper than ${MAX_DEPTH}`, this.#peek().pos);
    try {
      let left = this.prefix();
      for (;;) {
        const t = this.#peek();
        if (t.type !== 'op') break;
        if (t.text === '?') {
          if (TERNARY_BP < minBp) break;
          this.#next();
          const then = this.expr(0);
          this.#expect(':');
          const otherwise = this.expr(TERNARY_BP);
          left = { type: 'cond', test: left, then, else: otherwise, pos: t.pos };
          continue;
        }
        const info = BINARY.get(t.text);
        if (info === undefined || info.lbp < minBp) break;
        this.#next();
        const right = this.expr(info.right ? info.lbp : info.lbp + 1);
        left = { type: 'binary', op: t.text, left, right, pos: t.pos };
      }
      return left;
    } finally {
      this.#depth--;
    }
  }

  prefix(): Node {
    const t = this.#next();
    if (t.type === 'num') return { type: 'num', value: t.value, pos: t.pos };
    if (t.type === 'name') {
      const after = this.#peek();
      if (after.type === 'op' && after.text === '(') {
        const fn = FUNCTIONS.get(t.text);
        if (fn === undefined) throw new ExprError(`unknown function "${t.text}"`, t.pos);
        this.#next();
        const args: Node[] = [];
        const close = this.#peek();
        if (!(close.type === 'op' && close.text === ')')) {
          for (;;) {
            args.push(this.expr(0));
            const sep = this.#peek();
            if (sep.type === 'op' && sep.text === ',') {
              this.#next();
              continue;
            }
            break;
          }
        }
        this.#expect(')');
        if (args.length < fn.min || args.length > fn.max) {
          const want = fn.max === Infinity ? `at least ${fn.min}` : fn.min === fn.max ? `${fn.min}` : `${fn.min} to ${fn.max}`;
          throw new ExprError(`${t.text}() takes ${want} argument(s), got ${args.length}`, t.pos);
        }
        return { type: 'call', name: t.text, args, pos: t.pos };
      }
      if (!VARIABLES.has(t.text)) {
        const hint = FUNCTIONS.has(t.text) ? ` (${t.text} is a function: call it with parentheses)` : ' (known: a, b, c, d, t, pi, e)';
        throw new ExprError(`unknown identifier "${t.text}"${hint}`, t.pos);
      }
      return { type: 'var', name: t.text, pos: t.pos };
    }
    if (t.type === 'op') {
      if (t.text === '(') {
        const inner = this.expr(0);
        this.#expect(')');
        return inner;
      }
      if (t.text === '-' || t.text === '+' || t.text === '!') {
        const arg = this.expr(UNARY_BP);
        return { type: 'unary', op: t.text, arg, pos: t.pos };
      }
    }
    throw new ExprError(t.type === 'eof' ? 'unexpected end of expression' : `unexpected ${describe(t)}`, t.pos);
  }
}

function describe(t: Token): string {
  return t.type === 'eof' ? 'end of expression' : `"${t.text}"`;
}

/** Parses an expression; never throws. Positions are 0-based character offsets. */
export function parseExpression(src: string): ParseResult {
  try {
    if (typeof src !== 'string') return { ok: false, error: 'expression must be a string', position: 0 };
    if (src.length > MAX_EXPRESSION_LENGTH) {
      return { ok: false, error: `expression longer than ${MAX_EXPRESSION_LENGTH} characters`, position: MAX_EXPRESSION_LENGTH };
    }
    return { ok: true, ast: new Parser(tokenize(src)).parseAll() };
  } catch (err) {
    if (err instanceof ExprError) return { ok: false, error: err.message, position: err.position };
    // Defensive: nothing else is expected (e.g. a stack overflow on a pathological input).
    return { ok: false, error: err instanceof Error ? err.message : String(err), position: 0 };
  }
}

/** "message at position N" with a caret line, for people. */
export function formatParseError(src: string, error: string, position: number): string {
  return `${error} at position ${position}\n  ${src}\n  ${' '.repeat(Math.max(0, position))}^`;
}

// ---------------------------------------------------------------- evaluator

export interface Variables {
  a: number;
  b: number;
  c: number;
  d: number;
  t: number;
}

function num(v: Value): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}
function truthy(v: Value): boolean {
  return typeof v === 'boolean' ? v : v !== 0 && !Number.isNaN(v);
}

/** A variable's value: an input or t from `vars`, or a constant; NaN for a name the parser would refuse. */
function variable(name: string, vars: Variables): number {
  if (name === 'pi') return Math.PI;
  if (name === 'e') return Math.E;
  return name === 'a' || name === 'b' || name === 'c' || name === 'd' || name === 't' ? vars[name] : NaN;
}

/** Evaluates a parsed expression. Never throws (the AST comes from parseExpression). */
export function evaluate(node: Node, vars: Variables): Value {
  switch (node.type) {
    case 'num':
      return node.value;
    case 'var':
      return variable(node.name, vars);
    case 'unary': {
      const v = evaluate(node.arg, vars);
      if (node.op === '!') return !truthy(v);
      return node.op === '-' ? -num(v) : num(v);
    }
    case 'cond':
      return truthy(evaluate(node.test, vars)) ? evaluate(node.then, vars) : evaluate(node.else, vars);
    case 'call': {
      const fn = FUNCTIONS.get(node.name);
      if (fn === undefined) return NaN;
      return fn.run(node.args.map((arg) => num(evaluate(arg, vars))));
    }
    case 'binary': {
      if (node.op === '&&') return truthy(evaluate(node.left, vars)) && truthy(evaluate(node.right, vars));
      if (node.op === '||') return truthy(evaluate(node.left, vars)) || truthy(evaluate(node.right, vars));
      const l = num(evaluate(node.left, vars));
      const r = num(evaluate(node.right, vars));
      switch (node.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return l / r;
        case '%':
          return l % r;
        case '^':
          return Math.pow(l, r);
        case '==':
          return l === r;
        case '!=':
          return l !== r;
        case '<':
          return l < r;
        case '<=':
          return l <= r;
        case '>':
          return l > r;
        case '>=':
          return l >= r;
        default:
          return NaN;
      }
    }
  }
}

/** A compiled expression: parse once, evaluate many times. */
export type CompiledExpression = { ok: true; evaluate(vars: Variables): Value } | { ok: false; error: string; position: number };

export function compileExpression(src: string): CompiledExpression {
  const parsed = parseExpression(src);
  if (!parsed.ok) return parsed;
  const ast = parsed.ast;
  return { ok: true, evaluate: (vars) => evaluate(ast, vars) };
}
