/**
 * Label expressions (`node_labels_expression`, …) as lib/services/label_expressions.go defines
 * them: `labels[...]` (a missing label is ""), `user.spec.traits[...]` (a missing trait is an empty
 * list), `contains`, `contains_any`, `contains_all` (false for an empty list of items),
 * `regexp.match` (a Teleport expression: glob or `^…$`), `regexp.replace`, `email.local`,
 * `strings.upper`, `strings.lower`, `labels_matching` and `&&`, `||`, `!`, `==`, `!=`. They are
 * evaluated against the user's traits at check time, never templated.
 */
import { compileTeleportExpression, Unevaluable, UpstreamError } from './go-regexp';
import { Compiled, ExpressionCompiler, Reads, Value } from './go-expression';
import { mapCase, SHARED_FUNCTIONS, Traits } from './templates';
import type { MatchOutcome, ResourceLabels } from './label-selectors';

interface LabelEnv {
  labels: ResourceLabels;
  traits: Traits;
}

const strings = (value: Value) => value as string[];

const compiler = new ExpressionCompiler<LabelEnv>({
  variables: {
    labels: {
      element: 'string',
      get: (env, key) =>
        Object.prototype.hasOwnProperty.call(env.labels, key) ? (env.labels[key] ?? '') : '',
    },
    'user.spec.traits': {
      element: 'strings',
      get: (env, key) => [...(env.traits[key] ?? [])],
    },
  },
  functions: {
    ...SHARED_FUNCTIONS,
    contains: {
      args: ['strings', 'string'],
      result: 'bool',
      impl: (_env, list, item) => strings(list).includes(item as string),
    },
    contains_any: {
      args: ['strings', 'strings'],
      result: 'bool',
      impl: (_env, list, items) => {
        const set = new Set(strings(list));
        return strings(items).some((item) => set.has(item));
      },
    },
    contains_all: {
      args: ['strings', 'strings'],
      result: 'bool',
      impl: (_env, list, items) => {
        const set = new Set(strings(list));
        return strings(items).length > 0 && strings(items).every((item) => set.has(item));
      },
    },
    'regexp.match': {
      args: ['strings', 'string'],
      result: 'bool',
      // lib/utils/replace.go RegexMatchesAny: the pattern compiles (or fails) before any input.
      impl: (_env, list, pattern) => {
        const matcher = compileTeleportExpression(pattern as string);
        return strings(list).some((item) => matcher(item));
      },
    },
    'strings.upper': {
      args: ['strings'],
      result: 'strings',
      impl: (_env, list) => mapCase(strings(list), true),
    },
    'strings.lower': {
      args: ['strings'],
      result: 'strings',
      impl: (_env, list) => mapCase(strings(list), false),
    },
    labels_matching: {
      args: ['string'],
      result: 'strings',
      reads: 'labels',
      // label_expressions.go labelsMatching: the pattern is compiled per label, so an invalid
      // pattern only fails when the resource has labels.
      impl: (env, pattern) => {
        const entries = Object.entries(env.labels);
        if (entries.length === 0) {
          return [];
        }
        const matcher = compileTeleportExpression(pattern as string);
        return entries.filter(([key]) => matcher(key)).map(([, value]) => value);
      },
    },
  },
});

export interface CompiledLabelExpression {
  source: string;
  /**
   * The label keys and trait keys the outcome can depend on, or `all`: resources (and users)
   * equal on these give the same outcome (`Reads` in go-expression.ts).
   */
  labelKeys: readonly string[] | 'all';
  traitKeys: readonly string[] | 'all';
  match(labels: ResourceLabels, traits: Traits): MatchOutcome;
}

const keysOf = (reads: Reads, variable: string): readonly string[] | 'all' => {
  const keys = reads.get(variable);
  return keys === 'all' ? 'all' : [...(keys ?? [])].sort();
};

/**
 * Compiles a label expression once. A parse or type error is not thrown: like Teleport
 * (role.go `matchLabelExpression`), it is the outcome of every evaluation.
 */
export function compileLabelExpression(source: string): CompiledLabelExpression {
  let compiled: (Compiled<LabelEnv> & { reads: Reads }) | UpstreamError | Unevaluable;
  try {
    compiled = compiler.compile(source, 'bool');
  } catch (error) {
    if (!(error instanceof UpstreamError || error instanceof Unevaluable)) {
      throw error;
    }
    compiled = error;
  }
  // A parse or type error is the outcome whatever the labels and traits.
  const reads: Reads = compiled instanceof Error ? new Map() : compiled.reads;
  return {
    source,
    labelKeys: keysOf(reads, 'labels'),
    traitKeys: keysOf(reads, 'user.spec.traits'),
    match(labels, traits) {
      if (compiled instanceof Error) {
        return compiled;
      }
      try {
        return compiled.evaluate({ labels, traits }) as boolean;
      } catch (error) {
        if (error instanceof UpstreamError || error instanceof Unevaluable) {
          return error;
        }
        throw error;
      }
    },
  };
}
