/**
 * The resources one collection evaluates, indexed once, and the label outcomes computed over
 * them, shared by every AccessEvaluator that evaluates against the catalog: a role's selector is
 * matched once across all role sets that hold it, its values once per distinct label value
 * (`CompiledSelector.matchIndex`), and a label expression once per distinct projection of the
 * labels and traits it reads (`CompiledLabelExpression.labelKeys`, `traitKeys`). Pure: the catalog
 * is the caller's to keep for as long as it evaluates, and is dropped with it.
 *
 * The catalog holds frozen copies of the resources, so its outcomes cannot go stale when the
 * caller's objects change.
 */
import type { CompiledLabelExpression } from './label-expressions';
import { CompiledSelector, LabelIndex, MatchOutcome, Outcomes } from './label-selectors';
import type { Resource, ResourceKind } from './check';
import type { Traits } from './templates';

/** Partitions kept per kind; beyond this the cache starts afresh (each is as long as the kind). */
const MAX_CACHED_PARTITIONS = 1024;

interface PartitionClass {
  codes: MatchOutcome[];
  /** Catalog positions, ascending. */
  positions: Int32Array;
  first: Resource;
}

/** A class while a partition is being computed (its positions still growing). */
interface GrowingClass {
  codes: MatchOutcome[];
  positions: number[];
  first: Resource;
}

export class ResourceCatalog {
  /** The resources, in the caller's order (frozen copies). */
  readonly resources: readonly Resource[];
  readonly byKind: ReadonlyMap<ResourceKind, KindResources>;

  constructor(resources: readonly Resource[]) {
    this.resources = resources.map((resource) =>
      Object.freeze({
        ...resource,
        labels: Object.freeze({ ...resource.labels }),
        ...(resource.db ? { db: Object.freeze({ ...resource.db }) } : {}),
      }),
    );
    const grouped = new Map<ResourceKind, { positions: number[]; resources: Resource[] }>();
    this.resources.forEach((resource, position) => {
      let group = grouped.get(resource.kind);
      if (!group) {
        group = { positions: [], resources: [] };
        grouped.set(resource.kind, group);
      }
      group.positions.push(position);
      group.resources.push(resource);
    });
    this.byKind = new Map(
      [...grouped].map(([kind, group]) => [
        kind,
        new KindResources(group.resources, group.positions),
      ]),
    );
  }
}

/** The resources of one kind; outcomes are by position in `resources`. */
export class KindResources {
  private readonly index: LabelIndex;
  private readonly selectors = new Map<CompiledSelector, Outcomes>();
  /** Per expression: positions grouped by the values of the labels it reads. */
  private readonly projections = new Map<CompiledLabelExpression, number[][]>();
  /** Per expression and the values of the traits it reads. */
  private readonly expressions = new Map<CompiledLabelExpression, Map<string, Outcomes>>();
  private readonly combined = new Map<string, Outcomes>();
  private readonly sides = new WeakMap<object, Outcomes>();
  private readonly ids = new Map<Outcomes, number>();
  /** Per distinct set of outcome tables (by id): the resources grouped by their outcomes. */
  private readonly partitions = new Map<string, PartitionClass[]>();

  constructor(
    readonly resources: readonly Resource[],
    /** Each resource's position in the catalog. */
    readonly positions: readonly number[],
  ) {
    this.index = new LabelIndex(resources.map((resource) => resource.labels));
    // The database facts the evaluator reads, as a small number per resource (0: none).
    const factIds = new Map<string, number>([['', 0]]);
    this.facts = Int32Array.from(resources, ({ db }) => {
      const key = db ? JSON.stringify(db) : '';
      let id = factIds.get(key);
      if (id === undefined) {
        id = factIds.size;
        factIds.set(key, id);
      }
      return id;
    });
    this.factKinds = factIds.size;
  }

  /** How many partitions were computed (a measure of the work; see `partition`). */
  partitionsComputed = 0;

  /** How many distinct database facts the resources have (1: all alike). */
  private readonly factKinds: number;

  /** Per position, which database facts the resource has (see the constructor). */
  private readonly facts: Int32Array;

  selector(selector: CompiledSelector): Outcomes {
    let outcomes = this.selectors.get(selector);
    if (!outcomes) {
      outcomes = selector.matchIndex(this.index);
      this.selectors.set(selector, outcomes);
    }
    return outcomes;
  }

  expression(expression: CompiledLabelExpression, traits: Traits): Outcomes {
    const traitsKey = JSON.stringify(
      expression.traitKeys === 'all'
        ? Object.keys(traits)
            .sort()
            .map((key) => [key, traits[key]])
        : expression.traitKeys.map((key) => traits[key] ?? null),
    );
    let byTraits = this.expressions.get(expression);
    if (!byTraits) {
      byTraits = new Map();
      this.expressions.set(expression, byTraits);
    }
    let outcomes = byTraits.get(traitsKey);
    if (!outcomes) {
      const listed = new Map<number, MatchOutcome>();
      for (const group of this.projection(expression)) {
        const first = this.resources[group[0] as number] as Resource;
        const outcome = expression.match(first.labels, traits);
        if (outcome !== false) {
          for (const position of group) listed.set(position, outcome);
        }
      }
      outcomes = new Outcomes(undefined, listed);
      byTraits.set(traitsKey, outcomes);
    }
    return outcomes;
  }

  /** A role side's outcomes where they read no trait, once per side (`catalogLabels`). */
  sideOutcomes(side: object, compute: () => Outcomes): Outcomes {
    let outcomes = this.sides.get(side);
    if (!outcomes) {
      outcomes = compute();
      this.sides.set(side, outcomes);
    }
    return outcomes;
  }

  /** Outcomes computed from others (`parts`), once per distinct combination. */
  combine(flags: string, parts: readonly Outcomes[], compute: () => Outcomes): Outcomes {
    const key = `${flags}|${parts.map((part) => this.id(part)).join(',')}`;
    let outcomes = this.combined.get(key);
    if (!outcomes) {
      outcomes = compute();
      this.combined.set(key, outcomes);
    }
    return outcomes;
  }

  /**
   * The resources grouped by their outcome in each table (and, for databases, by the database
   * facts the evaluator reads), computed once per distinct list of tables. Each class's `codes`
   * are aligned with `tables`; its positions are catalog positions. Shared: read only.
   */
  partition(tables: readonly Outcomes[]): readonly PartitionClass[] {
    const key = tables.map((table) => this.id(table)).join(',');
    let classes = this.partitions.get(key);
    if (!classes) {
      classes = this.computePartition(tables);
      if (this.partitions.size >= MAX_CACHED_PARTITIONS) this.partitions.clear();
      this.partitions.set(key, classes);
    }
    return classes;
  }

  /**
   * Only positions some listed table names can differ from the others; the rest (the base) share
   * the tables' `every` outcomes (or false) and differ only by their database facts, so they are
   * grouped without building a signature each.
   */
  private computePartition(tables: readonly Outcomes[]): PartitionClass[] {
    this.partitionsComputed += 1;
    const errorIds = new Map<string, number>();
    const code = (outcome: MatchOutcome): string => {
      if (typeof outcome === 'boolean') return outcome ? 't' : 'f';
      const errorKey = `${outcome.name}\0${outcome.message}`;
      let id = errorIds.get(errorKey);
      if (id === undefined) {
        id = errorIds.size;
        errorIds.set(errorKey, id);
      }
      return `e${id};`;
    };
    const size = this.resources.length;
    const inListed = new Uint8Array(size);
    const listed: number[] = [];
    for (const table of tables) {
      if (table.every !== undefined) continue;
      for (const position of table.listed) {
        if (inListed[position] === 0) {
          inListed[position] = 1;
          listed.push(position);
        }
      }
    }
    listed.sort((a, b) => a - b);
    const classes: GrowingClass[] = [];
    const add = (
      byKey: Map<string | number, GrowingClass>,
      key: string | number,
      position: number,
      codes: () => MatchOutcome[],
    ) => {
      const known = byKey.get(key);
      if (known) {
        known.positions.push(this.positions[position] as number);
      } else {
        const created = {
          codes: codes(),
          positions: [this.positions[position] as number],
          first: this.resources[position] as Resource,
        };
        byKey.set(key, created);
        classes.push(created);
      }
    };
    const base = tables.map((table) => table.every ?? false);
    let baseClass: PartitionClass | undefined;
    if (this.factKinds === 1) {
      // Every resource has the same facts: the base is one class, of a size known beforehand.
      if (listed.length < size) {
        const positions = new Int32Array(size - listed.length);
        let filled = 0;
        let first = -1;
        for (let position = 0; position < size; position += 1) {
          if (inListed[position] === 0) {
            if (first < 0) first = position;
            positions[filled] = this.positions[position] as number;
            filled += 1;
          }
        }
        baseClass = { codes: base, positions, first: this.resources[first] as Resource };
      }
    } else {
      const baseClasses = new Map<string | number, GrowingClass>();
      for (let position = 0; position < size; position += 1) {
        if (inListed[position] === 0) {
          add(baseClasses, this.facts[position] as number, position, () => base);
        }
      }
    }
    // The listed positions in ascending order, each table read with a cursor over its own
    // ascending positions (no look-up per position and table); a class's signature is a number
    // while every outcome is a boolean and the tables are few, a string otherwise.
    const listedClasses = new Map<string | number, GrowingClass>();
    const cursors = new Int32Array(tables.length);
    const outcomes: MatchOutcome[] = new Array<MatchOutcome>(tables.length);
    const numeric = tables.length <= 20;
    for (const position of listed) {
      let booleans = numeric;
      let bits = 0;
      for (let index = 0; index < tables.length; index += 1) {
        const table = tables[index] as Outcomes;
        let outcome: MatchOutcome;
        if (table.every !== undefined) {
          outcome = table.every;
        } else {
          let cursor = cursors[index] as number;
          while (cursor < table.listed.length && (table.listed[cursor] as number) < position) {
            cursor += 1;
          }
          cursors[index] = cursor;
          outcome = table.listed[cursor] === position ? table.at(cursor) : false;
        }
        outcomes[index] = outcome;
        if (typeof outcome !== 'boolean') booleans = false;
        else if (outcome) bits += 2 ** index;
      }
      const facts = this.facts[position] as number;
      let signature: string | number;
      if (booleans) {
        signature = facts * 2 ** tables.length + bits;
      } else {
        signature = `${facts}|`;
        for (const outcome of outcomes) signature += code(outcome);
      }
      add(listedClasses, signature, position, () => outcomes.slice());
    }
    // Base classes hold positions in ascending order already; listed ones were visited in order.
    return [
      ...(baseClass ? [baseClass] : []),
      ...classes.map(({ codes, positions, first }) => ({
        codes,
        positions: Int32Array.from(positions),
        first,
      })),
    ];
  }

  /** A number naming an outcome table, for ordering tables the same way every time. */
  id(outcomes: Outcomes): number {
    let id = this.ids.get(outcomes);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(outcomes, id);
    }
    return id;
  }

  private projection(expression: CompiledLabelExpression): number[][] {
    let groups = this.projections.get(expression);
    if (!groups) {
      const keys = expression.labelKeys;
      if (keys === 'all') {
        groups = this.resources.map((_, position) => [position]);
      } else {
        const byValues = new Map<string, number[]>();
        this.resources.forEach(({ labels }, position) => {
          const values = JSON.stringify(
            keys.map((key) =>
              Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : null,
            ),
          );
          const group = byValues.get(values);
          if (group) group.push(position);
          else byValues.set(values, [position]);
        });
        groups = [...byValues.values()];
      }
      this.projections.set(expression, groups);
    }
    return groups;
  }
}
