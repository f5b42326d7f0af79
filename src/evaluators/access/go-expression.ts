/**
 * Teleport's predicate expressions (label expressions and the inside of `{{…}}` templates), parsed
 * as Teleport parses them and type-checked as Teleport checks them, into closures that evaluate
 * against an environment.
 *
 * Upstream (gravitational/predicate v1.3.4 `parse.go`, Teleport v18 lib/utils/typical
 * `parser.go`) parses with Go's `go/parser.ParseExpr`, then builds typed expressions: the syntax
 * is Go's, so strings are Go strings ("…" with Go escapes, or `…` raw), `'…'` is a rune and an
 * error, `true` is an unknown identifier, and only `&&`, `||`, `!`, `==`, `!=`, calls, indexing
 * and selectors are operators. We lex Go's string literals ourselves (replacing each with a
 * placeholder), let `jsep` build the tree, and accept only the node types Go's parser would
 * produce for the same text. What jsep refuses, or where jsep and Go could read the text
 * differently (comments, line breaks Go would end a statement at), is reported as Unevaluable.
 */
import jsep from 'jsep';
import { Unevaluable, UpstreamError } from './go-regexp';

export type ValueType = 'string' | 'strings' | 'bool' | 'int';

export type Value = string | string[] | boolean | number;

export interface Compiled<Env> {
  type: ValueType;
  evaluate(env: Env): Value;
  /** A string literal's value, known before evaluation (an index key such as `labels["env"]`). */
  constant?: string;
}

/**
 * What an expression can read from its environment: per variable, the keys it indexes with
 * literals, or `all` (a computed key, or a function that reads the variable whole). Nothing else
 * of the environment reaches the result, so two environments equal on these keys give the same
 * result (label expressions are evaluated once per distinct projection: see catalog.ts).
 */
export type Reads = Map<string, Set<string> | 'all'>;

/** A variable that can be indexed (`labels["env"]`, `labels.env`, `external.email`). */
export interface MapVariable<Env> {
  element: 'string' | 'strings';
  /** May throw UpstreamError (e.g. a missing trait in a template). */
  get(env: Env, key: string): string | string[];
}

export interface FunctionDef<Env> {
  args: ValueType[];
  result: ValueType;
  /** May throw UpstreamError or Unevaluable. */
  impl(env: Env, ...args: Value[]): Value;
  /** The variable `impl` reads whole from `env`, if it reads `env` at all. */
  reads?: string;
}

export interface ExpressionSpec<Env> {
  variables: Record<string, MapVariable<Env>>;
  functions: Record<string, FunctionDef<Env>>;
  /** typical `WithInvalidNamespaceHack`: `x.key` and `x` stand for `external` (templates only). */
  invalidNamespaceHack?: boolean;
}

type Node = jsep.Expression;

/** The placeholder of string literal N: `$` cannot start a Go identifier, so none collides. */
const placeholder = (index: number) => `$${index}`;

/**
 * Replaces Go string literals with placeholders, decoding them as `strconv.Unquote` does.
 * Throws UpstreamError for what Go's scanner refuses and Unevaluable for what we cannot mirror.
 */
export function lexGoStrings(source: string): { text: string; strings: string[] } {
  const strings: string[] = [];
  let text = '';
  let lastToken = '';
  for (let i = 0; i < source.length; ) {
    const char = source[i] as string;
    if (char === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) {
        throw new UpstreamError('raw string literal not terminated');
      }
      // go/scanner drops carriage returns from raw strings.
      strings.push(source.slice(i + 1, end).replace(/\r/g, ''));
      text += placeholder(strings.length - 1);
      lastToken = '_';
      i = end + 1;
      continue;
    }
    if (char === '"') {
      const { value, end } = readInterpreted(source, i);
      strings.push(value);
      text += placeholder(strings.length - 1);
      lastToken = '_';
      i = end;
      continue;
    }
    if (char === "'") {
      throw new UpstreamError('rune literals are not supported');
    }
    if (char === '$') {
      throw new UpstreamError("invalid character '$'");
    }
    if (char === '/' && (source[i + 1] === '/' || source[i + 1] === '*')) {
      throw new Unevaluable('comments in expressions are not evaluated');
    }
    if (char === '\n') {
      // go/scanner ends a statement at a newline after an identifier, literal or closing bracket.
      const rest = source.slice(i + 1).trim();
      if (rest !== '' && /[\p{L}\p{Nd}_)\]}]$/u.test(lastToken)) {
        throw new Unevaluable('a line break Go would read as the end of the expression');
      }
    }
    if (!/\s/.test(char)) {
      lastToken = char;
    }
    text += char;
    i++;
  }
  return { text, strings };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/** strconv.Unquote for a double-quoted literal starting at `start`. */
function readInterpreted(source: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    const char = source[i];
    if (char === undefined || char === '\n') {
      throw new UpstreamError('string literal not terminated');
    }
    if (char === '"') {
      return { value, end: i + 1 };
    }
    if (char !== '\\') {
      value += char;
      i++;
      continue;
    }
    const kind = source[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[kind];
    if (simple !== undefined) {
      value += simple;
      i += 2;
      continue;
    }
    const hexDigits = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
    const octal = /^[0-7]{3}$/.test(source.slice(i + 1, i + 4));
    if (hexDigits > 0 || octal) {
      const digits = octal ? source.slice(i + 1, i + 4) : source.slice(i + 2, i + 2 + hexDigits);
      if (!octal && !new RegExp(`^[0-9a-fA-F]{${hexDigits}}$`).test(digits)) {
        throw new UpstreamError('invalid escape in string literal');
      }
      const code = parseInt(digits, octal ? 8 : 16);
      if (octal || kind === 'x') {
        if (code > 255) {
          throw new UpstreamError('octal escape value > 255');
        }
        if (code >= 0x80) {
          throw new Unevaluable('a byte escape that is not valid UTF-8 on its own');
        }
      } else if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) {
        throw new UpstreamError('escape is invalid Unicode code point');
      }
      value += String.fromCodePoint(code);
      i += octal ? 4 : 2 + hexDigits;
      continue;
    }
    throw new UpstreamError('unknown escape sequence');
  }
}

const GO_IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

export class ExpressionCompiler<Env> {
  constructor(private readonly spec: ExpressionSpec<Env>) {}

  /**
   * Parses and type-checks `source`, whose result must be `result`. Throws UpstreamError where
   * Teleport's parser fails, Unevaluable where we cannot tell.
   */
  compile(source: string, result: ValueType): Compiled<Env> & { reads: Reads } {
    if (source === '') {
      throw new UpstreamError('empty expression');
    }
    const { text, strings } = lexGoStrings(source);
    let tree: Node;
    try {
      tree = jsep(text);
    } catch (error) {
      throw new Unevaluable(`expression not parsed: ${(error as Error).message}`);
    }
    const context: Context = { strings, reads: new Map() };
    const built = this.build(tree, context);
    return { ...this.coerce(built, result, 'expression result'), reads: context.reads };
  }

  private build(node: Node, context: Context): Built<Env> {
    const { strings } = context;
    switch (node.type) {
      case 'Identifier': {
        const name = (node as jsep.Identifier).name;
        if (name.startsWith('$')) {
          const value = strings[Number(name.slice(1))] ?? '';
          return { kind: 'value', type: 'string', evaluate: () => value, constant: value };
        }
        return this.identifier([name], context);
      }
      case 'Literal': {
        const literal = node as jsep.Literal;
        if (typeof literal.value === 'number' && /^[0-9]+$/.test(literal.raw)) {
          // predicate literalToValue: INT through strconv.Atoi (decimal, 64-bit).
          const value = Number(literal.raw);
          if (!Number.isSafeInteger(value)) {
            throw new Unevaluable(`integer ${literal.raw} beyond exact range`);
          }
          return { kind: 'value', type: 'int', evaluate: () => value };
        }
        if (literal.raw === 'true' || literal.raw === 'false' || literal.raw === 'null') {
          // Go has no such literals; typical looks the identifier up and finds nothing.
          throw new UpstreamError(`unknown identifier: ${JSON.stringify(literal.raw)}`);
        }
        throw new UpstreamError(`unsupported literal ${literal.raw}`);
      }
      case 'MemberExpression': {
        const member = node as jsep.MemberExpression;
        if (!member.computed) {
          return this.identifier(selectorFields(member), context);
        }
        // predicate parseIndexExpr: the base is parsed, then typical getProperty.
        const base = this.build(member.object, context);
        const key = this.coerce(this.build(member.property, context), 'string', 'index key');
        return this.index(base, key, context);
      }
      case 'CallExpression': {
        const call = node as jsep.CallExpression;
        const name = functionName(call.callee);
        const fn = this.spec.functions[name];
        if (!fn) {
          throw new UpstreamError(`unsupported function: ${name}`);
        }
        if (call.arguments.length !== fn.args.length) {
          throw new UpstreamError(
            `function (${name}) accepts ${fn.args.length} argument(s), given ${call.arguments.length}`,
          );
        }
        const args = call.arguments.map((arg, i) =>
          this.coerce(this.build(arg, context), fn.args[i] as ValueType, `argument to ${name}`),
        );
        if (fn.reads !== undefined) {
          context.reads.set(fn.reads, 'all');
        }
        return {
          kind: 'value',
          type: fn.result,
          evaluate: (env) => fn.impl(env, ...args.map((arg) => arg.evaluate(env))),
        };
      }
      case 'UnaryExpression': {
        const unary = node as jsep.UnaryExpression;
        if (unary.operator !== '!') {
          throw new UpstreamError(`${unary.operator} is not supported`);
        }
        const target = this.coerce(this.build(unary.argument, context), 'bool', 'target of (!)');
        return { kind: 'value', type: 'bool', evaluate: (env) => !target.evaluate(env) };
      }
      case 'BinaryExpression':
        return this.binary(node as jsep.BinaryExpression, context);
      default:
        // Arrays, conditionals, `this`, sequences: not Go expressions predicate accepts.
        throw new UpstreamError(`${node.type} is not supported`);
    }
  }

  private binary(node: jsep.BinaryExpression, context: Context): Built<Env> {
    const left = this.build(node.left, context);
    const right = this.build(node.right, context);
    switch (node.operator) {
      case '&&':
      case '||': {
        // typical and/or: both sides boolean, evaluated left to right with short-circuit.
        const a = this.coerce(left, 'bool', `lhs of (${node.operator})`);
        const b = this.coerce(right, 'bool', `rhs of (${node.operator})`);
        const isAnd = node.operator === '&&';
        return {
          kind: 'value',
          type: 'bool',
          evaluate: (env) =>
            isAnd
              ? Boolean(a.evaluate(env)) && Boolean(b.evaluate(env))
              : Boolean(a.evaluate(env)) || Boolean(b.evaluate(env)),
        };
      }
      case '==':
      case '!=': {
        // typical eq/neq: the left operand's type decides; only strings and ints compare.
        if (left.kind !== 'value' || (left.type !== 'string' && left.type !== 'int')) {
          throw new UpstreamError(`operator (${node.operator}) not supported for this type`);
        }
        const a = this.coerce(left, left.type, `lhs of (${node.operator})`);
        const b = this.coerce(right, left.type, `rhs of (${node.operator})`);
        const equal = node.operator === '==';
        return {
          kind: 'value',
          type: 'bool',
          evaluate: (env) => (a.evaluate(env) === b.evaluate(env)) === equal,
        };
      }
      default:
        throw new UpstreamError(`${node.operator} is not supported`);
    }
  }

  /** typical `getIdentifier`: the longest known variable prefix, `map.key`, then the hack. */
  private identifier(fields: string[], context: Context): Built<Env> {
    for (const field of fields) {
      if (!GO_IDENTIFIER.test(field)) {
        throw new UpstreamError(`invalid identifier ${JSON.stringify(field)}`);
      }
    }
    for (let length = 1; length <= fields.length; length++) {
      const name = fields.slice(0, length).join('.');
      const variable = this.spec.variables[name];
      if (!variable) {
        continue;
      }
      const remaining = fields.slice(length);
      if (remaining.length === 0) {
        return { kind: 'map', name, variable };
      }
      if (remaining.length === 1) {
        const key = remaining[0] as string;
        return this.index(
          { kind: 'map', name, variable },
          { type: 'string', evaluate: () => key, constant: key },
          context,
        );
      }
    }
    const external = this.spec.variables.external;
    if (this.spec.invalidNamespaceHack && external && fields.length < 3) {
      if (fields.length === 1) {
        return { kind: 'map', name: 'external', variable: external };
      }
      const key = fields[1] as string;
      return this.index(
        { kind: 'map', name: 'external', variable: external },
        { type: 'string', evaluate: () => key, constant: key },
        context,
      );
    }
    throw new UpstreamError(`unknown identifier: ${JSON.stringify(fields.join('.'))}`);
  }

  private index(base: Built<Env>, key: Compiled<Env>, context: Context): Built<Env> {
    if (base.kind !== 'map') {
      throw new UpstreamError('cannot take index of unexpected type');
    }
    const variable = base.variable;
    const keys = context.reads.get(base.name) ?? new Set<string>();
    if (keys !== 'all') {
      if (key.constant === undefined) {
        context.reads.set(base.name, 'all');
      } else {
        context.reads.set(base.name, keys.add(key.constant));
      }
    }
    return {
      kind: 'value',
      type: variable.element,
      evaluate: (env) => variable.get(env, key.evaluate(env) as string),
    };
  }

  /** typical `coerce`: exact types, and a string where a list of strings is expected. */
  private coerce(built: Built<Env>, type: ValueType, what: string): Compiled<Env> {
    if (built.kind === 'value') {
      if (built.type === type) {
        return built;
      }
      if (type === 'strings' && built.type === 'string') {
        return { type, evaluate: (env) => [built.evaluate(env) as string] };
      }
    }
    throw new UpstreamError(`${what}: expected ${type}`);
  }
}

type Built<Env> =
  | ({ kind: 'value' } & Compiled<Env>)
  | { kind: 'map'; name: string; variable: MapVariable<Env>; type?: undefined };

interface Context {
  /** The string literals, by placeholder index (`lexGoStrings`). */
  strings: string[];
  reads: Reads;
}

/** predicate `evaluateSelector`: `a.b.c` down to an identifier, nothing else. */
function selectorFields(node: Node): string[] {
  if (node.type === 'Identifier') {
    return [(node as jsep.Identifier).name];
  }
  if (node.type === 'MemberExpression' && !(node as jsep.MemberExpression).computed) {
    const member = node as jsep.MemberExpression;
    const property = member.property as jsep.Identifier;
    return [...selectorFields(member.object), property.name];
  }
  throw new UpstreamError(`unsupported selector type: ${node.type}`);
}

/** predicate `getFunctionAndArgs`: `name(…)` or `module.name(…)`. */
function functionName(callee: Node): string {
  if (callee.type === 'Identifier') {
    return (callee as jsep.Identifier).name;
  }
  if (callee.type === 'MemberExpression' && !(callee as jsep.MemberExpression).computed) {
    const member = callee as jsep.MemberExpression;
    if (member.object.type === 'Identifier') {
      return `${(member.object as jsep.Identifier).name}.${(member.property as jsep.Identifier).name}`;
    }
  }
  throw new UpstreamError('unknown function type');
}
