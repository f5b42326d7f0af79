/**
 * Label selectors (`node_labels`, `db_labels`, …), as lib/services/role.go `MatchLabelGetter`
 * matches them. Compiled once per role and reused for every resource.
 */
import { compileTeleportExpression, StringMatcher, Unevaluable, UpstreamError } from './go-regexp';

/** A role's label selector: key → accepted values (globs, `^…$` regexps or `*`). */
export type LabelSelector = Record<string, string[]>;

export type ResourceLabels = Readonly<Record<string, string>>;

/** true / false, or the error Teleport would return, or why it cannot be told. */
export type MatchOutcome = boolean | UpstreamError | Unevaluable;

export interface CompiledSelector {
  /** An empty selector matches nothing (`MatchLabelGetter`). */
  readonly empty: boolean;
  match(labels: ResourceLabels): MatchOutcome;
}

const WILDCARD = '*';

interface KeyRule {
  key: string;
  /** undefined: a `*` among the values accepts any value of the key. */
  values?: { source: string; matcher?: StringMatcher; failure?: UpstreamError | Unevaluable }[];
}

export function compileSelector(selector: LabelSelector | undefined): CompiledSelector {
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) {
    // role.go MatchLabelGetter: "Empty selector matches nothing."
    return { empty: true, match: () => false };
  }
  const wildcardValues = selector?.[WILDCARD];
  if (wildcardValues && wildcardValues.length === 1 && wildcardValues[0] === WILDCARD) {
    // role.go MatchLabelGetter: `*: *` matches everything, even a resource without labels.
    return { empty: false, match: () => true };
  }
  const rules: KeyRule[] = entries.map(([key, values]) => {
    // role.go MatchLabelGetter: a `*` among the values accepts any value once the key exists.
    if (values.includes(WILDCARD)) {
      return { key };
    }
    return {
      key,
      values: values.map((source) => {
        try {
          return { source, matcher: compileTeleportExpression(source) };
        } catch (error) {
          return { source, failure: error as UpstreamError | Unevaluable };
        }
      }),
    };
  });
  return {
    empty: false,
    match(labels) {
      // Go visits a map's keys in random order and stops at the first key that fails or errors;
      // when one key fails and another errors, Teleport's answer depends on that order.
      let failure: UpstreamError | Unevaluable | undefined;
      let mismatch = false;
      for (const rule of rules) {
        const outcome = matchKey(rule, labels);
        if (outcome === false) {
          mismatch = true;
        } else if (outcome !== true) {
          failure ??= outcome;
        }
      }
      if (failure && mismatch) {
        return new Unevaluable(
          `selector ${JSON.stringify(selector)} both fails and errors on these labels: Teleport's answer depends on Go's map order (${failure.message})`,
        );
      }
      return failure ?? !mismatch;
    },
  };
}

function matchKey(rule: KeyRule, labels: ResourceLabels): MatchOutcome {
  // role.go MatchLabelGetter: every selector key must exist on the resource, compared exactly.
  if (!Object.prototype.hasOwnProperty.call(labels, rule.key)) {
    return false;
  }
  if (!rule.values) {
    return true;
  }
  const value = labels[rule.key] ?? '';
  // lib/utils/replace.go SliceMatchesRegex: values in order; the first error or match ends it.
  for (const candidate of rule.values) {
    if (candidate.failure) {
      return candidate.failure;
    }
    if (candidate.matcher?.(value)) {
      return true;
    }
  }
  return false;
}
