/**
 * Role templates (`{{internal.logins}}`, `ssh-{{email.local(external.email)}}`) and the
 * functions they share with label expressions, as Teleport v18 applies them: lib/utils/parse
 * `parse.go` (`NewTraitsTemplateExpression`, `Interpolate`, `EmailLocal`, `RegexpReplace`) and
 * lib/services/role.go (`ApplyValueTraits`, `applyValueTraitsSlice`, `applyLabelsTraits`,
 * `filterInvalidUnixLogins`, `filterInvalidWindowsLogins`).
 */
import { compileGoRegexp, Unevaluable, UpstreamError } from './go-regexp';
import { Compiled, ExpressionCompiler, FunctionDef, Value } from './go-expression';

export type Traits = Readonly<Record<string, readonly string[]>>;

// --- functions shared with label expressions ---------------------------------------------------

const ATEXT_SPECIALS = new Set(['(', ')', '<', '>', '[', ']', ':', ';', '@', '\\', ',', '"']);

/** The local part of one address, where Go's net/mail would parse it; see `emailLocal`. */
function localPart(email: string): string {
  if (email === '') {
    throw new UpstreamError('found empty "email.local" argument');
  }
  if (!email.includes('@')) {
    // Every address net/mail.ParseAddress accepts has an '@'.
    throw new UpstreamError(`failed to parse "email.local" argument ${JSON.stringify(email)}`);
  }
  const trimmed = email.replace(/^[ \t]+|[ \t]+$/g, '');
  const at = trimmed.indexOf('@');
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1);
  // net/mail consumeAddrSpec: a dot-atom local part (permissive about dots) and a strict
  // dot-atom domain; atext is printable ASCII but specials, and any non-ASCII character.
  const isAtext = (char: string) =>
    char.codePointAt(0)! > 0x7f || (char >= '!' && char <= '~' && !ATEXT_SPECIALS.has(char));
  const simpleLocal = local !== '' && [...local].every((char) => char === '.' || isAtext(char));
  const labels = domain.split('.');
  const simpleDomain = labels.every((label) => label !== '' && [...label].every(isAtext));
  if (simpleLocal && simpleDomain) {
    return local;
  }
  throw new Unevaluable(
    `email.local of ${JSON.stringify(email)}: only plain addresses are evaluated (net/mail has more forms)`,
  );
}

/** parse.go `EmailLocal`: one failing input fails the call; empty results are dropped. */
export function emailLocal(inputs: readonly string[]): string[] {
  return inputs.map(localPart).filter((value) => value !== '');
}

/**
 * parse.go `RegexpReplace`: the pattern is a Go regexp (not a glob); inputs it does not match
 * anywhere are dropped; matches are replaced with Go's `$` expansion; empty results dropped.
 */
export function regexpReplace(
  inputs: readonly string[],
  match: string,
  replacement: string,
): string[] {
  const re = compileGoRegexp(match);
  const out: string[] = [];
  for (const input of inputs) {
    if (!re.test(input)) {
      continue;
    }
    const replaced = re.replaceAll(input, replacement);
    if (replaced !== '') {
      out.push(replaced);
    }
  }
  return out;
}

/** Go's strings.ToUpper/ToLower map rune by rune; a character JS maps to several is not told. */
export function mapCase(inputs: readonly string[], upper: boolean): string[] {
  return inputs.map((input) => {
    // eslint-disable-next-line no-control-regex
    if (/^[\x00-\x7f]*$/.test(input)) {
      return upper ? input.toUpperCase() : input.toLowerCase();
    }
    let out = '';
    for (const char of input) {
      const mapped = upper ? char.toUpperCase() : char.toLowerCase();
      if ([...mapped].length !== 1) {
        throw new Unevaluable(
          `case mapping of ${JSON.stringify(char)} differs between Go and JavaScript`,
        );
      }
      out += mapped;
    }
    return out;
  });
}

export const SHARED_FUNCTIONS = {
  'email.local': {
    args: ['strings'],
    result: 'strings',
    impl: (_env: unknown, list: Value) => emailLocal(list as string[]),
  },
  'regexp.replace': {
    args: ['strings', 'string', 'string'],
    result: 'strings',
    impl: (_env: unknown, list: Value, match: Value, replacement: Value) =>
      regexpReplace(list as string[], match as string, replacement as string),
  },
} satisfies Record<string, FunctionDef<unknown>>;

// --- templates -----------------------------------------------------------------------------------

/** Internal traits a template may name (role.go `ApplyValueTraits`, api/constants `Trait*`). */
export const INTERNAL_TRAITS = new Set([
  'logins',
  'windows_logins',
  'kubernetes_groups',
  'kubernetes_users',
  'db_names',
  'db_users',
  'db_roles',
  'aws_role_arns',
  'azure_identities',
  'gcp_service_accounts',
  'jwt',
  'github_orgs',
]);

interface TemplateEnv {
  traits: Traits;
}

function traitVariable(namespace: 'internal' | 'external') {
  return {
    element: 'strings' as const,
    get(env: TemplateEnv, key: string): string[] {
      if (namespace === 'internal' && !INTERNAL_TRAITS.has(key)) {
        throw new UpstreamError(`unsupported variable ${JSON.stringify(key)}`);
      }
      const values = env.traits[key];
      if (values === undefined) {
        throw new UpstreamError(`trait not found: ${namespace}.${key}`);
      }
      return [...values];
    },
  };
}

const templateCompiler = new ExpressionCompiler<TemplateEnv>({
  variables: { internal: traitVariable('internal'), external: traitVariable('external') },
  functions: SHARED_FUNCTIONS,
  invalidNamespaceHack: true,
});

// Go's unicode.IsSpace.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const trimGoSpaceStart = (text: string) => text.replace(new RegExp(`^${GO_SPACE.source}+`), '');
const trimGoSpaceEnd = (text: string) => text.replace(new RegExp(`${GO_SPACE.source}+$`), '');

/** A role value compiled once: a literal, a template, or what Teleport refuses. */
export type CompiledValue =
  | { kind: 'literal'; value: string }
  | { kind: 'template'; prefix: string; suffix: string; expression: Compiled<TemplateEnv> }
  | { kind: 'failed'; error: UpstreamError | Unevaluable };

// parse.go reVariable: text without braces, one {{…}} without braces, text without braces.
const TEMPLATE_SHAPE = /^([^{}]*)\{\{([^{}]*)\}\}([^{}]*)$/;

const compiledValues = new Map<string, CompiledValue>();

/** parse.go `NewTraitsTemplateExpression`, cached per distinct value. */
export function compileValue(value: string): CompiledValue {
  let compiled = compiledValues.get(value);
  if (compiled === undefined) {
    compiled = compileValueUncached(value);
    compiledValues.set(value, compiled);
  }
  return compiled;
}

function compileValueUncached(value: string): CompiledValue {
  const shape = TEMPLATE_SHAPE.exec(value);
  if (!shape) {
    if (value.includes('{{') || value.includes('}}')) {
      return {
        kind: 'failed',
        error: new UpstreamError(`${JSON.stringify(value)} uses {{ or }} but does not parse`),
      };
    }
    return { kind: 'literal', value };
  }
  try {
    return {
      kind: 'template',
      prefix: trimGoSpaceStart(shape[1] ?? ''),
      suffix: trimGoSpaceEnd(shape[3] ?? ''),
      expression: templateCompiler.compile(shape[2] ?? '', 'strings'),
    };
  } catch (error) {
    return { kind: 'failed', error: error as UpstreamError | Unevaluable };
  }
}

/**
 * role.go `ApplyValueTraits`: the values of one role value for these traits. Throws UpstreamError
 * where Teleport drops the value (missing trait, unsupported variable, empty result, bad
 * template) and Unevaluable where we cannot tell.
 */
export function applyValueTraits(value: string, traits: Traits): string[] {
  const compiled = compileValue(value);
  if (compiled.kind === 'failed') {
    throw compiled.error;
  }
  // parse.go Interpolate: empty values are dropped, the rest get the prefix and suffix.
  const raw =
    compiled.kind === 'literal'
      ? [compiled.value]
      : (compiled.expression.evaluate({ traits }) as string[]);
  const prefix = compiled.kind === 'template' ? compiled.prefix : '';
  const suffix = compiled.kind === 'template' ? compiled.suffix : '';
  const out = raw.filter((item) => item !== '').map((item) => prefix + item + suffix);
  if (out.length === 0) {
    throw new UpstreamError('variable interpolation result is empty');
  }
  return out;
}

export interface Applied<T> {
  value: T;
  /** Values we could not interpolate; Teleport's result for them is unknown. */
  unevaluated: string[];
}

/** role.go `applyValueTraitsSlice`: values that fail are dropped, the others concatenated. */
export function applyValueTraitsSlice(
  inputs: readonly string[] | undefined,
  traits: Traits,
): Applied<string[]> {
  const value: string[] = [];
  const unevaluated: string[] = [];
  for (const input of inputs ?? []) {
    try {
      value.push(...applyValueTraits(input, traits));
    } catch (error) {
      if (error instanceof Unevaluable) {
        unevaluated.push(`${JSON.stringify(input)}: ${error.message}`);
      } else if (!(error instanceof UpstreamError)) {
        throw error;
      }
    }
  }
  return { value, unevaluated };
}

/** api/utils `Deduplicate`: first occurrence kept, order kept. */
export function deduplicate(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * role.go `applyLabelsTraits`: a templated key takes its first value (a key that fails becomes
 * ""); a value that fails becomes "" (which only an empty label value matches).
 */
export function applyLabelsTraits(
  labels: Readonly<Record<string, readonly string[]>>,
  traits: Traits,
): Applied<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const unevaluated: string[] = [];
  const attempt = (input: string): string[] => {
    try {
      return applyValueTraits(input, traits);
    } catch (error) {
      if (error instanceof Unevaluable) {
        unevaluated.push(`${JSON.stringify(input)}: ${error.message}`);
      } else if (!(error instanceof UpstreamError)) {
        throw error;
      }
      return [''];
    }
  };
  for (const [key, values] of Object.entries(labels)) {
    const outKey = attempt(key)[0] ?? '';
    // Two keys that interpolate to the same key: Go keeps whichever its map visits last.
    if (Object.prototype.hasOwnProperty.call(out, outKey)) {
      unevaluated.push(`label keys collide on ${JSON.stringify(outKey)} after templating`);
    }
    out[outKey] = deduplicate(values.flatMap(attempt));
  }
  return { value: out, unevaluated };
}

// --- valid principals ----------------------------------------------------------------------------

// eslint-disable-next-line no-control-regex
const GO_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** lib/utils/utils.go `IsValidUnixUser`. */
export function isValidUnixLogin(login: string): boolean {
  if (login === '' || Buffer.byteLength(login, 'utf8') > 32 || login.startsWith('-')) {
    return false;
  }
  if (login.includes(':') || login.includes('/')) {
    return false;
  }
  return !GO_SPACE.test(login) && !GO_CONTROL.test(login);
}

/** role.go `filterInvalidWindowsLogins`. */
export function isValidWindowsLogin(login: string): boolean {
  return ![...'"/\\[]:;|=,+*?<>'].some((char) => login.includes(char));
}
