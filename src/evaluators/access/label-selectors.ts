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
  /** `match` for every resource of an index, each value of a key tested once. */
  matchIndex(index: LabelIndex): Outcomes;
}

/**
 * The resources of one kind, by position, indexed by label key and value: a selector's values
 * are then tested once per distinct label value instead of once per resource.
 */
export class LabelIndex {
  /** key → value → positions of the resources with that label, ascending. */
  readonly byKey = new Map<string, Map<string, number[]>>();

  constructor(readonly labels: readonly ResourceLabels[]) {
    labels.forEach((resourceLabels, position) => {
      for (const key of Object.keys(resourceLabels)) {
        let values = this.byKey.get(key);
        if (!values) {
          values = new Map();
          this.byKey.set(key, values);
        }
        const value = resourceLabels[key] ?? '';
        const positions = values.get(value);
        if (positions) positions.push(position);
        else values.set(value, [position]);
      }
    });
  }
}

/**
 * One outcome per resource of an index: `every` for all of them, else those `listed` or false.
 * Held compactly (positions in a typed array, outcomes only where one is not `true`): the catalog
 * keeps one per selector, expression and trait values for the whole collection.
 */
export class Outcomes {
  static readonly NONE = new Outcomes(undefined, new Map());

  readonly every: MatchOutcome | undefined;
  /** The positions whose outcome is not false (when `every` is undefined), ascending. */
  readonly listed: Int32Array;
  /** The outcome at each listed position; undefined when every one is `true`. */
  private readonly outcomes: MatchOutcome[] | undefined;

  constructor(every: MatchOutcome | undefined, listed: ReadonlyMap<number, MatchOutcome>) {
    this.every = every;
    this.listed = Int32Array.from(listed.keys()).sort();
    const outcomes = Array.from(this.listed, (position) => listed.get(position) as MatchOutcome);
    this.outcomes = outcomes.every((outcome) => outcome === true) ? undefined : outcomes;
  }

  /** The outcome at `listed[index]`. */
  at(index: number): MatchOutcome {
    return this.outcomes ? (this.outcomes[index] as MatchOutcome) : true;
  }

  get(position: number): MatchOutcome {
    if (this.every !== undefined) return this.every;
    const { listed } = this;
    let low = 0;
    let high = listed.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = listed[middle] as number;
      if (at === position) return this.outcomes ? (this.outcomes[middle] as MatchOutcome) : true;
      if (at < position) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
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
    return { empty: true, match: () => false, matchIndex: () => Outcomes.NONE };
  }
  const wildcardValues = selector?.[WILDCARD];
  if (wildcardValues && wildcardValues.length === 1 && wildcardValues[0] === WILDCARD) {
    // role.go MatchLabelGetter: `*: *` matches everything, even a resource without labels.
    const everything = new Outcomes(true, new Map());
    return { empty: false, match: () => true, matchIndex: () => everything };
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
  const match = (labels: ResourceLabels): MatchOutcome => {
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
  };
  return {
    empty: false,
    match,
    matchIndex(index) {
      // A resource matches when every rule holds for its value of the rule's key (`keysHeld`
      // counts them). A resource where some value fails or errors is handed to `match` itself,
      // which decides between the error and a mismatch as above.
      const keysHeld = new Uint32Array(index.labels.length);
      const erring = new Set<number>();
      for (const rule of rules) {
        for (const [value, positions] of index.byKey.get(rule.key) ?? []) {
          const outcome = matchValue(rule, value);
          if (outcome === true) {
            for (const position of positions) keysHeld[position]! += 1;
          } else if (outcome !== false) {
            for (const position of positions) erring.add(position);
          }
        }
      }
      const listed = new Map<number, MatchOutcome>();
      keysHeld.forEach((held, position) => {
        if (erring.has(position)) {
          const outcome = match(index.labels[position] ?? {});
          if (outcome !== false) listed.set(position, outcome);
        } else if (held === rules.length) {
          listed.set(position, true);
        }
      });
      return new Outcomes(undefined, listed);
    },
  };
}

function matchKey(rule: KeyRule, labels: ResourceLabels): MatchOutcome {
  // role.go MatchLabelGetter: every selector key must exist on the resource, compared exactly.
  if (!Object.prototype.hasOwnProperty.call(labels, rule.key)) {
    return false;
  }
  return matchValue(rule, labels[rule.key] ?? '');
}

/** One rule on the value of its key (which the resource has). */
function matchValue(rule: KeyRule, value: string): MatchOutcome {
  if (!rule.values) {
    return true;
  }
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
