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
const MAX_CACHED_PARTITIONS = 256;

interface PartitionClass {
  codes: MatchOutcome[];
  positions: readonly number[];
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
  private readonly ids = new Map<Outcomes, number>();
  /** Per distinct set of outcome tables (by id): the resources grouped by their outcomes. */
  private readonly partitions = new Map<string, PartitionClass[]>();

  constructor(
    readonly resources: readonly Resource[],
    /** Each resource's position in the catalog. */
    readonly positions: readonly number[],
  ) {
    this.index = new LabelIndex(resources.map((resource) => resource.labels));
  }

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
   * facts the evaluator reads), computed once per distinct set of tables. Each class's `codes`
   * are aligned with `tables`; its positions are catalog positions.
   */
  partition(
    tables: readonly Outcomes[],
  ): { codes: MatchOutcome[]; positions: readonly number[]; first: Resource }[] {
    const ids = tables.map((table) => this.id(table));
    const order = ids
      .map((_, index) => index)
      .sort((a, b) => (ids[a] as number) - (ids[b] as number));
    const key = order.map((index) => ids[index]).join(',');
    let classes = this.partitions.get(key);
    if (!classes) {
      classes = this.computePartition(order.map((index) => tables[index] as Outcomes));
      if (this.partitions.size >= MAX_CACHED_PARTITIONS) this.partitions.clear();
      this.partitions.set(key, classes);
    }
    // Back to the caller's order of tables.
    const rank = new Array<number>(order.length);
    order.forEach((index, sorted) => (rank[index] = sorted));
    return classes.map(({ codes, positions, first }) => ({
      codes: rank.map((sorted) => codes[sorted] as MatchOutcome),
      positions,
      first,
    }));
  }

  private computePartition(tables: readonly Outcomes[]): PartitionClass[] {
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
    const facts = (position: number): string => {
      const { db } = this.resources[position] as Resource;
      return db ? JSON.stringify(db) : '';
    };
    const listedTables = tables.filter((table) => table.every === undefined);
    const listed = new Set<number>();
    for (const table of listedTables)
      for (const position of table.listed.keys()) listed.add(position);
    const base = tables.map((table) => table.every ?? false);
    const baseSignature = base.map(code).join('');
    const classes = new Map<string, PartitionClass>();
    this.resources.forEach((_, position) => {
      const codes = listed.has(position) ? tables.map((table) => table.get(position)) : base;
      const signature = `${facts(position)}|${codes === base ? baseSignature : codes.map(code).join('')}`;
      const known = classes.get(signature);
      if (known) {
        (known.positions as number[]).push(this.positions[position] as number);
      } else {
        classes.set(signature, {
          codes,
          positions: [this.positions[position] as number],
          first: this.resources[position] as Resource,
        });
      }
    });
    return [...classes.values()];
  }

  private id(outcomes: Outcomes): number {
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
