/**
 * Regular expressions with Go's semantics, for role values and label expressions. Teleport
 * compiles them with Go's `regexp` (RE2 syntax, leftmost-first, `MatchString` searches anywhere
 * unless anchored). JavaScript's RegExp is never used for a role's pattern: `re2-wasm` runs
 * Google's RE2, which refuses what Go refuses (look-arounds, back-references, repetition over
 * 1000). Where RE2 in C++ and Go's parser differ (`\C`, and the `\u`/`\c` escapes re2-wasm
 * translates from JavaScript syntax) the pattern is reported as not evaluable.
 */
import { RE2 } from 're2-wasm';

/** Teleport itself would fail the check with this error (e.g. an invalid regexp). */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
}

/** This evaluator cannot tell what Teleport would do; never guessed. */
export class Unevaluable extends Error {
  override name = 'Unevaluable';
}

export interface GoRegexp {
  /** Go `(*Regexp).MatchString`: a match anywhere in the input. */
  test(input: string): boolean;
  /** Go `(*Regexp).ReplaceAllString`, `$` expansion included. */
  replaceAll(input: string, template: string): string;
}

/** Escapes that Go's regexp/syntax refuses but re2-wasm would accept or rewrite. */
function divergentEscape(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') {
      const next = pattern[i + 1];
      if (next === 'C' || next === 'u' || next === 'c') {
        return `\\${next}`;
      }
      i++;
    }
  }
  return undefined;
}

const cache = new Map<string, GoRegexp | UpstreamError | Unevaluable>();

/**
 * Compiles `pattern` as Go's `regexp.Compile` would (lib/utils/replace.go `CompileExpression`,
 * lib/utils/parse/parse.go `newRegexp`); throws UpstreamError where Go fails to compile.
 * Compiled patterns are shared process-wide.
 */
export function compileGoRegexp(pattern: string): GoRegexp {
  let entry = cache.get(pattern);
  if (entry === undefined) {
    entry = build(pattern);
    cache.set(pattern, entry);
  }
  if (entry instanceof Error) {
    throw entry;
  }
  return entry;
}

function build(pattern: string): GoRegexp | UpstreamError | Unevaluable {
  const escape = divergentEscape(pattern);
  if (escape !== undefined) {
    return new Unevaluable(
      `regexp ${JSON.stringify(pattern)} uses ${escape}, where RE2 and Go differ`,
    );
  }
  let search: RE2;
  let global: RE2;
  try {
    search = new RE2(pattern, 'u');
    global = new RE2(pattern, 'gu');
  } catch (error) {
    return new UpstreamError(
      `invalid regexp ${JSON.stringify(pattern)}: ${(error as Error).message}`,
    );
  }
  return {
    test: (input) => search.test(input),
    replaceAll: (input, template) => replaceAll(global, input, template),
  };
}

/** Go `regexp.replaceAll`: empty matches right after a match are not replaced. */
function replaceAll(re: RE2, input: string, template: string): string {
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= input.length) {
    re.lastIndex = searchPos;
    const match = re.exec(input);
    if (match === null) {
      break;
    }
    const start = match.index;
    const end = start + (match[0] ?? '').length;
    out += input.slice(lastMatchEnd, start);
    if (end > lastMatchEnd || start === 0) {
      out += expand(template, match, match.groups);
    }
    lastMatchEnd = end;
    const code = input.codePointAt(searchPos);
    const width = code !== undefined && code > 0xffff ? 2 : 1;
    if (searchPos + width > end) {
      searchPos += width;
    } else if (searchPos + 1 > end) {
      searchPos++;
    } else {
      searchPos = end;
    }
  }
  return out + input.slice(lastMatchEnd);
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/** Go `(*Regexp).expand`: `$$`, `$name`, `${name}`; the longest name wins, so `$1x` is `${1x}`. */
function expand(
  template: string,
  match: (string | undefined)[],
  groups: Record<string, string> | undefined,
): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) {
      return out + rest;
    }
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar);
    if (rest[1] === '$') {
      out += '$';
      rest = rest.slice(2);
      continue;
    }
    const reference = extractReference(rest);
    if (reference === undefined) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    rest = reference.rest;
    if (reference.num >= 0) {
      out += match[reference.num] ?? '';
    } else if (groups && Object.prototype.hasOwnProperty.call(groups, reference.name)) {
      out += groups[reference.name] ?? '';
    }
  }
}

function extractReference(text: string): { name: string; num: number; rest: string } | undefined {
  if (text.length < 2 || text[0] !== '$') {
    return undefined;
  }
  const brace = text[1] === '{';
  const body = text.slice(brace ? 2 : 1);
  let i = 0;
  for (const char of body) {
    if (!NAME_CHAR.test(char)) {
      break;
    }
    i += char.length;
  }
  if (i === 0) {
    return undefined;
  }
  const name = body.slice(0, i);
  if (brace) {
    if (body[i] !== '}') {
      return undefined;
    }
    i++;
  }
  let num = /^[0-9]+$/.test(name) && name.length <= 8 ? Number(name) : -1;
  if (name.length > 1 && name[0] === '0') {
    num = -1;
  }
  return { name, num, rest: body.slice(i) };
}

/** Go `regexp.QuoteMeta`. */
export function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, (char) => `\\${char}`);
}

export interface StringMatcher {
  (input: string): boolean;
}

/**
 * lib/utils/replace.go `CompileExpression` / `MatchString`: `^…$` is a Go regexp (searched, so
 * `^a|b$` matches anything ending in b, as in Go); anything else is a glob, anchored, where `*`
 * is Go's `(.*)` (which does not cross a newline) and every other character is literal
 * (`GlobToRegexp`). Globs are matched without a regexp where no newline is involved.
 * Throws UpstreamError for an invalid regexp, Unevaluable where Go and RE2 differ.
 */
export function compileTeleportExpression(expression: string): StringMatcher {
  if (expression.startsWith('^') && expression.endsWith('$')) {
    const re = compileGoRegexp(expression);
    return (input) => re.test(input);
  }
  if (!expression.includes('*')) {
    return (input) => input === expression;
  }
  const parts = expression.split('*');
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  const middle = parts.slice(1, -1);
  const minLength = parts.reduce((sum, part) => sum + part.length, 0);
  let re: GoRegexp | undefined;
  return (input) => {
    if (input.includes('\n')) {
      re ??= compileGoRegexp(`^${parts.map(quoteMeta).join('(.*)')}$`);
      return re.test(input);
    }
    if (input.length < minLength || !input.startsWith(first) || !input.endsWith(last)) {
      return false;
    }
    let position = first.length;
    const limit = input.length - last.length;
    for (const part of middle) {
      const found = input.indexOf(part, position);
      if (found < 0 || found + part.length > limit) {
        return false;
      }
      position = found + part.length;
    }
    return true;
  };
}
