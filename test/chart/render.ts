/**
 * A renderer for the subset of Helm's Go-template language that charts/graph-teleport uses, so the
 * chart can be rendered and checked where no `helm` binary can be installed (neither Debian
 * bookworm nor the npm registry carries one that does not download at install time).
 *
 * Supported: text with `{{ }}` actions and `{{-`/`-}}` trimming, comments, `.Values.x.y`, `$`,
 * `$.Values…`, `.Release.*`, `.Chart.*`, string/number/bool literals, parenthesised pipelines,
 * `|` pipes, `if`/`else if`/`else`/`end`, `with`/`else`, `range` over lists and maps (optionally
 * `range $key, $value := …`, whose variables are the only ones supported), `define` and
 * `include`, and the functions listed in FUNCTIONS. Anything else throws, so a template that strays
 * outside the subset fails its test rather than rendering something Helm would not.
 *
 * Semantics follow Helm where it matters for these templates: a missing map key renders as
 * nothing, a field of a missing value is an error, truthiness is Go's (false, 0, nil, "" and empty
 * collections are false), `default` and `required` treat empty values as missing, `toYaml` drops
 * the final newline, values files merge deeply with later ones winning and `null` deleting a key.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, parse as parseYaml, stringify as stringifyYaml } from 'yaml';

type Value = unknown;

interface TextNode {
  kind: 'text';
  text: string;
}
interface OutputNode {
  kind: 'output';
  pipeline: Pipeline;
}
interface IfNode {
  kind: 'if' | 'with' | 'range';
  pipeline: Pipeline;
  body: Node[];
  otherwise: Node[];
  /** `range $key, $value := …` (or `range $value := …`): the variables' names. */
  keyVariable?: string;
  valueVariable?: string;
}
type Node = TextNode | OutputNode | IfNode;

type Operand =
  | { kind: 'field'; root: 'dot' | 'dollar'; path: string[] }
  | { kind: 'variable'; name: string; path: string[] }
  | { kind: 'literal'; value: Value }
  | { kind: 'function'; name: string }
  | { kind: 'group'; pipeline: Pipeline };
type Command = Operand[];
type Pipeline = Command[];

export class TemplateError extends Error {}

// ---- lexing -----------------------------------------------------------------------------------

interface RawAction {
  kind: 'action';
  body: string;
  line: number;
}
interface RawText {
  kind: 'text';
  text: string;
}

function lex(source: string, name: string): (RawAction | RawText)[] {
  const pieces: (RawAction | RawText)[] = [];
  let position = 0;
  while (position < source.length) {
    const open = source.indexOf('{{', position);
    if (open < 0) {
      pieces.push({ kind: 'text', text: source.slice(position) });
      break;
    }
    let text = source.slice(position, open);
    let start = open + 2;
    if (source.startsWith('- ', start) || source.startsWith('-\n', start)) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    pieces.push({ kind: 'text', text });
    const close = findClose(source, start, name);
    let end = close;
    let trimAfter = false;
    if (source[close - 1] === '-' && /\s/.test(source[close - 2] ?? '')) {
      end = close - 1;
      trimAfter = true;
    }
    const line = source.slice(0, open).split('\n').length;
    pieces.push({ kind: 'action', body: source.slice(start, end).trim(), line });
    position = close + 2;
    if (trimAfter) {
      while (position < source.length && /\s/.test(source[position]!)) {
        position += 1;
      }
    }
  }
  return pieces;
}

function findClose(source: string, from: number, name: string): number {
  let index = from;
  let quote: string | undefined;
  while (index < source.length) {
    const character = source[index]!;
    if (quote) {
      if (character === '\\' && quote === '"') {
        index += 2;
        continue;
      }
      if (character === quote) {
        quote = undefined;
      }
    } else if (character === '"' || character === '`') {
      quote = character;
    } else if (source.startsWith('}}', index)) {
      return index;
    }
    index += 1;
  }
  throw new TemplateError(`${name}: unclosed action`);
}

// ---- parsing ----------------------------------------------------------------------------------

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'ident'; value: string }
  | { kind: 'field'; root: 'dot' | 'dollar'; path: string[] }
  | { kind: 'variable'; name: string; path: string[] }
  | { kind: 'punct'; value: '(' | ')' | '|' };

function tokenize(expression: string, where: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expression.length) {
    const rest = expression.slice(index);
    const character = expression[index]!;
    if (/\s/.test(character)) {
      index += 1;
      continue;
    }
    if (character === '(' || character === ')' || character === '|') {
      tokens.push({ kind: 'punct', value: character });
      index += 1;
      continue;
    }
    if (character === '"') {
      const match = /^"(?:[^"\\]|\\.)*"/.exec(rest);
      if (!match) {
        throw new TemplateError(`${where}: unterminated string`);
      }
      tokens.push({ kind: 'string', value: JSON.parse(match[0]) as string });
      index += match[0].length;
      continue;
    }
    if (character === '`') {
      const end = expression.indexOf('`', index + 1);
      tokens.push({ kind: 'string', value: expression.slice(index + 1, end) });
      index = end + 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      index += number[0].length;
      continue;
    }
    const variable = /^\$([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)*)/.exec(rest);
    if (variable) {
      tokens.push({
        kind: 'variable',
        name: variable[1]!,
        path: variable[2]!.split('.').filter(Boolean),
      });
      index += variable[0].length;
      continue;
    }
    const field = /^(\$|\.)((?:\.?[A-Za-z_][\w]*)*)/.exec(rest);
    if (field && (field[1] === '$' || field[0] === '.' || /^\.[A-Za-z_]/.test(rest))) {
      const text = field[1] === '$' ? field[2]! : field[0];
      const parts = text.split('.').filter(Boolean);
      tokens.push({ kind: 'field', root: field[1] === '$' ? 'dollar' : 'dot', path: parts });
      index += field[0].length;
      continue;
    }
    const ident = /^[A-Za-z_]\w*/.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', value: ident[0] });
      index += ident[0].length;
      continue;
    }
    throw new TemplateError(`${where}: unexpected "${rest.slice(0, 10)}"`);
  }
  return tokens;
}

function parsePipeline(tokens: Token[], where: string): Pipeline {
  let index = 0;
  function pipeline(): Pipeline {
    const commands: Pipeline = [];
    let command: Command = [];
    while (index < tokens.length) {
      const token = tokens[index]!;
      if (token.kind === 'punct' && token.value === ')') {
        break;
      }
      index += 1;
      if (token.kind === 'punct' && token.value === '|') {
        if (command.length === 0) {
          throw new TemplateError(`${where}: empty command before |`);
        }
        commands.push(command);
        command = [];
      } else if (token.kind === 'punct' && token.value === '(') {
        const inner = pipeline();
        const closing = tokens[index];
        if (!closing || closing.kind !== 'punct' || closing.value !== ')') {
          throw new TemplateError(`${where}: missing )`);
        }
        index += 1;
        command.push({ kind: 'group', pipeline: inner });
      } else if (token.kind === 'string' || token.kind === 'number') {
        command.push({ kind: 'literal', value: token.value });
      } else if (token.kind === 'field') {
        command.push({ kind: 'field', root: token.root, path: token.path });
      } else if (token.kind === 'variable') {
        command.push({ kind: 'variable', name: token.name, path: token.path });
      } else if (token.kind === 'ident') {
        if (token.value === 'true' || token.value === 'false') {
          command.push({ kind: 'literal', value: token.value === 'true' });
        } else if (token.value === 'nil') {
          command.push({ kind: 'literal', value: null });
        } else {
          command.push({ kind: 'function', name: token.value });
        }
      }
    }
    if (command.length === 0) {
      throw new TemplateError(`${where}: empty pipeline`);
    }
    commands.push(command);
    return commands;
  }
  const result = pipeline();
  if (index !== tokens.length) {
    throw new TemplateError(`${where}: unexpected )`);
  }
  return result;
}

interface Parsed {
  nodes: Node[];
  defines: Map<string, Node[]>;
}

function parseTemplate(source: string, name: string): Parsed {
  const pieces = lex(source, name);
  const defines = new Map<string, Node[]>();
  let index = 0;

  /** Parses nodes until an `end` or `else` (returned) or the end of input. */
  function block(depth: number): {
    nodes: Node[];
    stop?: { keyword: 'end' | 'else'; rest: string };
  } {
    const nodes: Node[] = [];
    while (index < pieces.length) {
      const piece = pieces[index]!;
      index += 1;
      if (piece.kind === 'text') {
        if (piece.text) {
          nodes.push({ kind: 'text', text: piece.text });
        }
        continue;
      }
      const where = `${name}:${piece.line}`;
      const body = piece.body;
      if (body.startsWith('/*')) {
        if (!body.endsWith('*/')) {
          throw new TemplateError(`${where}: unterminated comment`);
        }
        continue;
      }
      const keyword = /^(\w+)\b\s*(.*)$/s.exec(body);
      const word = keyword?.[1];
      const rest = keyword?.[2] ?? '';
      if (word === 'end' || word === 'else') {
        if (depth === 0) {
          throw new TemplateError(`${where}: unexpected ${word}`);
        }
        return { nodes, stop: { keyword: word, rest } };
      }
      if (word === 'if' || word === 'with' || word === 'range') {
        nodes.push(conditional(word, rest, where, depth));
        continue;
      }
      if (word === 'define') {
        const defineName = JSON.parse(rest.trim()) as string;
        const inner = block(depth + 1);
        if (inner.stop?.keyword !== 'end') {
          throw new TemplateError(`${where}: define without end`);
        }
        defines.set(defineName, inner.nodes);
        continue;
      }
      if (word === 'template' || word === 'block' || word === 'break' || word === 'continue') {
        throw new TemplateError(`${where}: "${word}" is outside the supported subset`);
      }
      nodes.push({ kind: 'output', pipeline: parsePipeline(tokenize(body, where), where) });
    }
    return { nodes };
  }

  function conditional(
    kind: 'if' | 'with' | 'range',
    expression: string,
    where: string,
    depth: number,
  ): IfNode {
    const declaration =
      kind === 'range'
        ? /^\$([A-Za-z_]\w*)\s*(?:,\s*\$([A-Za-z_]\w*)\s*)?:=\s*(.*)$/s.exec(expression)
        : null;
    const node: IfNode = {
      kind,
      pipeline: parsePipeline(tokenize(declaration ? declaration[3]! : expression, where), where),
      body: [],
      otherwise: [],
      keyVariable: declaration?.[2] ? declaration[1] : undefined,
      valueVariable: declaration ? (declaration[2] ?? declaration[1]) : undefined,
    };
    const inner = block(depth + 1);
    node.body = inner.nodes;
    if (!inner.stop) {
      throw new TemplateError(`${where}: ${kind} without end`);
    }
    if (inner.stop.keyword === 'else') {
      const chained = /^(if|with)\s+(.*)$/s.exec(inner.stop.rest);
      if (chained) {
        // `else if X` is an if nested in the else branch, closed by the same end.
        node.otherwise = [conditional(chained[1] as 'if' | 'with', chained[2]!, where, depth)];
        return node;
      }
      if (inner.stop.rest.trim()) {
        throw new TemplateError(`${where}: unsupported else clause "${inner.stop.rest}"`);
      }
      const otherwise = block(depth + 1);
      if (otherwise.stop?.keyword !== 'end') {
        throw new TemplateError(`${where}: else without end`);
      }
      node.otherwise = otherwise.nodes;
    }
    return node;
  }

  const top = block(0);
  return { nodes: top.nodes, defines };
}

// ---- evaluation -------------------------------------------------------------------------------

function isEmpty(value: Value): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') {
    return true;
  }
  if (Array.isArray(value)) {
    return value.length === 0;
  }
  if (typeof value === 'object') {
    return Object.keys(value).length === 0;
  }
  return false;
}

function toText(value: Value, where: string): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  throw new TemplateError(
    `${where}: printing a ${Array.isArray(value) ? 'list' : 'map'} directly; use toYaml`,
  );
}

function asString(value: Value, where: string): string {
  return toText(value, where);
}

function indentText(spaces: number, text: string): string {
  const pad = ' '.repeat(spaces);
  return pad + text.replace(/\n/g, `\n${pad}`);
}

type Fn = (where: string, ...args: Value[]) => Value;

const FUNCTIONS: Record<string, Fn> = {
  default: (_w, fallback, value) => (isEmpty(value) ? fallback : value),
  required: (where, message, value) => {
    if (value === undefined || value === null || value === '') {
      throw new TemplateError(`${where}: ${String(message)}`);
    }
    return value;
  },
  quote: (where, ...values) =>
    values
      .filter((value) => value !== undefined && value !== null)
      .map((value) => JSON.stringify(asString(value, where)))
      .join(' '),
  toYaml: (_w, value) => {
    if (value === undefined || value === null) {
      return 'null';
    }
    return stringifyYaml(value, { lineWidth: 0 }).replace(/\n$/, '');
  },
  nindent: (where, spaces, text) => `\n${indentText(Number(spaces), asString(text, where))}`,
  indent: (where, spaces, text) => indentText(Number(spaces), asString(text, where)),
  trunc: (where, length, text) => asString(text, where).slice(0, Number(length)),
  trimSuffix: (where, suffix, text) => {
    const value = asString(text, where);
    const end = String(suffix);
    return end && value.endsWith(end) ? value.slice(0, -end.length) : value;
  },
  trimPrefix: (where, prefix, text) => {
    const value = asString(text, where);
    const start = String(prefix);
    return start && value.startsWith(start) ? value.slice(start.length) : value;
  },
  trim: (where, text) => asString(text, where).trim(),
  lower: (where, text) => asString(text, where).toLowerCase(),
  upper: (where, text) => asString(text, where).toUpperCase(),
  toString: (where: string, value: Value) => asString(value, where),
  // Sprig's snakecase for the camelCase names used here: fooBarBaz → foo_bar_baz.
  snakecase: (where, text) =>
    asString(text, where)
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase(),
  hasKey: (_w, map, key) =>
    typeof map === 'object' &&
    map !== null &&
    Object.prototype.hasOwnProperty.call(map, String(key)),
  fail: (where, message) => {
    throw new TemplateError(`${where}: ${String(message)}`);
  },
  contains: (where, needle, haystack) =>
    asString(haystack, where).includes(asString(needle, where)),
  printf: (where, format, ...args) => {
    let next = 0;
    return String(format).replace(/%[sdv%]/g, (verb) => {
      if (verb === '%%') {
        return '%';
      }
      return asString(args[next++], where);
    });
  },
  sha256sum: (where, text) => createHash('sha256').update(asString(text, where)).digest('hex'),
  not: (_w, value) => isEmpty(value),
  and: (_w, ...values) => {
    const index = values.findIndex((value) => isEmpty(value));
    return index >= 0 ? values[index] : values.at(-1);
  },
  or: (_w, ...values) => {
    const index = values.findIndex((value) => !isEmpty(value));
    return index >= 0 ? values[index] : values.at(-1);
  },
  eq: (_w, first, ...others) => others.some((other) => other === first),
  ne: (_w, first, second) => first !== second,
  empty: (_w, value) => isEmpty(value),
};

interface Scope {
  dot: Value;
  dollar: Value;
  variables: Map<string, Value>;
  defines: Map<string, Node[]>;
  where: string;
}

function field(base: Value, names: string[], where: string, label: string): Value {
  let current = base;
  let walked = label;
  for (const name of names) {
    if (current === undefined || current === null) {
      throw new TemplateError(`${where}: nil pointer evaluating ${walked}.${name}`);
    }
    if (typeof current !== 'object' || Array.isArray(current)) {
      throw new TemplateError(`${where}: can't evaluate field ${name} in ${walked}`);
    }
    current = (current as Record<string, Value>)[name];
    walked += `.${name}`;
  }
  return current;
}

function evaluateOperand(operand: Operand, scope: Scope): Value {
  switch (operand.kind) {
    case 'literal':
      return operand.value;
    case 'field':
      return field(
        operand.root === 'dot' ? scope.dot : scope.dollar,
        operand.path,
        scope.where,
        operand.root === 'dot' ? '' : '$',
      );
    case 'variable': {
      if (!scope.variables.has(operand.name)) {
        throw new TemplateError(`${scope.where}: undefined variable $${operand.name}`);
      }
      return field(
        scope.variables.get(operand.name),
        operand.path,
        scope.where,
        `$${operand.name}`,
      );
    }
    case 'group':
      return evaluatePipeline(operand.pipeline, scope);
    case 'function':
      return call(operand.name, [], scope);
  }
}

function call(name: string, args: Value[], scope: Scope): Value {
  if (name === 'include') {
    const [templateName, context] = args;
    const nodes = scope.defines.get(String(templateName));
    if (!nodes) {
      throw new TemplateError(`${scope.where}: no template "${String(templateName)}"`);
    }
    return renderNodes(nodes, { ...scope, dot: context, dollar: context, variables: new Map() });
  }
  const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!fn) {
    throw new TemplateError(`${scope.where}: function "${name}" is outside the supported subset`);
  }
  return fn(scope.where, ...args);
}

function evaluateCommand(command: Command, scope: Scope, piped: Value[]): Value {
  const [head, ...rest] = command;
  if (head!.kind === 'function') {
    const args = rest.map((operand) => evaluateOperand(operand, scope));
    return call(head!.name, [...args, ...piped], scope);
  }
  if (rest.length > 0 || piped.length > 0) {
    throw new TemplateError(`${scope.where}: arguments given to a non-function`);
  }
  return evaluateOperand(head!, scope);
}

function evaluatePipeline(pipeline: Pipeline, scope: Scope): Value {
  let value: Value;
  pipeline.forEach((command, index) => {
    value = evaluateCommand(command, scope, index === 0 ? [] : [value]);
  });
  return value;
}

function renderNodes(nodes: Node[], scope: Scope): string {
  let output = '';
  for (const node of nodes) {
    if (node.kind === 'text') {
      output += node.text;
    } else if (node.kind === 'output') {
      output += toText(evaluatePipeline(node.pipeline, scope), scope.where);
    } else {
      const value = evaluatePipeline(node.pipeline, scope);
      if (node.kind === 'if') {
        output += renderNodes(isEmpty(value) ? node.otherwise : node.body, scope);
      } else if (node.kind === 'with') {
        output += isEmpty(value)
          ? renderNodes(node.otherwise, scope)
          : renderNodes(node.body, { ...scope, dot: value });
      } else {
        const entries: [Value, Value][] = Array.isArray(value)
          ? value.map((item, index) => [index, item])
          : value && typeof value === 'object'
            ? Object.keys(value)
                .sort()
                .map((key) => [key, (value as Record<string, Value>)[key]])
            : [];
        output += entries.length
          ? entries
              .map(([key, item]) => {
                const variables = new Map(scope.variables);
                if (node.keyVariable) variables.set(node.keyVariable, key);
                if (node.valueVariable) variables.set(node.valueVariable, item);
                return renderNodes(node.body, { ...scope, dot: item, variables });
              })
              .join('')
          : renderNodes(node.otherwise, scope);
      }
    }
  }
  return output;
}

// ---- charts -----------------------------------------------------------------------------------

export type Values = Record<string, unknown>;

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Helm's coalescing of values: maps merge, everything else replaces, null deletes. */
export function mergeValues(base: Values, override: Values): Values {
  const result: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) {
      delete result[key];
    } else if (isMap(value) && isMap(result[key])) {
      result[key] = mergeValues(result[key], value);
    } else {
      result[key] = value;
    }
  }
  return result;
}

export interface RenderedObject {
  template: string;
  object: Record<string, unknown>;
}

export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  values?: Values;
}

export interface RenderedChart {
  /** Rendered text per template file. */
  files: Map<string, string>;
  objects: RenderedObject[];
  values: Values;
}

export function renderChart(chartDirectory: string, options: RenderOptions = {}): RenderedChart {
  const chartYaml = parseYaml(
    fs.readFileSync(path.join(chartDirectory, 'Chart.yaml'), 'utf8'),
  ) as Values;
  const defaults = (parseYaml(fs.readFileSync(path.join(chartDirectory, 'values.yaml'), 'utf8')) ??
    {}) as Values;
  const values = mergeValues(defaults, options.values ?? {});
  const chart = Object.fromEntries(
    Object.entries(chartYaml).map(([key, value]) => [
      key.charAt(0).toUpperCase() + key.slice(1),
      value,
    ]),
  );
  const templatesDirectory = path.join(chartDirectory, 'templates');
  const names = fs.readdirSync(templatesDirectory).sort();
  const defines = new Map<string, Node[]>();
  const parsed = new Map<string, Parsed>();
  for (const name of names) {
    const result = parseTemplate(
      fs.readFileSync(path.join(templatesDirectory, name), 'utf8'),
      name,
    );
    parsed.set(name, result);
    for (const [defineName, nodes] of result.defines) {
      defines.set(defineName, nodes);
    }
  }
  const files = new Map<string, string>();
  const objects: RenderedObject[] = [];
  for (const name of names) {
    if (name.startsWith('_') || name === 'NOTES.txt') {
      continue;
    }
    const root = {
      Values: values,
      Release: {
        Name: options.releaseName ?? 'graph-teleport',
        Namespace: options.namespace ?? 'jupiterone',
        Service: 'Helm',
        IsInstall: true,
        IsUpgrade: false,
      },
      Chart: chart,
      Template: {
        Name: `${String(chart.Name)}/templates/${name}`,
        BasePath: `${String(chart.Name)}/templates`,
      },
    };
    const text = renderNodes(parsed.get(name)!.nodes, {
      dot: root,
      dollar: root,
      variables: new Map(),
      defines,
      where: name,
    });
    files.set(name, text);
    if (!/\.ya?ml$/.test(name)) {
      continue;
    }
    for (const document of parseAllDocuments(text)) {
      if (document.errors.length > 0) {
        throw new TemplateError(
          `${name}: rendered YAML does not parse: ${document.errors[0]!.message}\n${text}`,
        );
      }
      const object = document.toJS() as unknown;
      if (object === null || object === undefined) {
        continue;
      }
      if (!isMap(object)) {
        throw new TemplateError(`${name}: a rendered document is not a mapping`);
      }
      objects.push({ template: name, object });
    }
  }
  return { files, objects, values };
}
