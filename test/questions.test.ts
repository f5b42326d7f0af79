/**
 * jupiterone/questions/questions.yaml: its structure, the SDK's own validator (dry run), and every
 * query against the graph the real `j1-integration collect` writes for the sample organisation:
 * each type it names exists, each property it filters or returns exists on that type, each
 * traversal it makes exists in that direction, and each value it compares an enumerated property
 * with is one the integration produces.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Entity, Relationship, RelationshipMapping } from '@jupiterone/integration-sdk-core';
import { PROJECT_ROOT, runCli, type CollectRun } from './helpers/collect';
import { sampleCollect } from './helpers/sample-collect';

const QUESTIONS = path.join(PROJECT_ROOT, 'jupiterone', 'questions', 'questions.yaml');

interface Question {
  id: string;
  title: string;
  description: string;
  queries: { name?: string; query: string; resultsAre?: string }[];
  tags: string[];
}

const file = parseYaml(fs.readFileSync(QUESTIONS, 'utf8')) as {
  sourceId: string;
  integrationDefinitionId: string;
  questions: Question[];
};

/** Properties whose values form a small fixed set: a literal compared with them must be one of those. */
const ENUMERATED = new Set([
  'userType',
  'eligibility',
  'grantType',
  'membershipKind',
  'sessionMfaRequirement',
  'ssoConnectorType',
  'edition',
  'via',
  'type',
  'verdict',
  'state',
]);

// ---- a reader for the J1QL these questions use -------------------------------------------------

type Token = { kind: 'word' | 'string' | 'number' | 'op' | 'punct'; text: string };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:('(?:[^'\\]|\\.)*')|(>>|<<|!=|<=|>=|~=|\^=|\$=|=|<|>)|([(),|*+-])|(\d+(?:\.\d+)?)|(!?[A-Za-z_][\w.]*))/y;
  let match: RegExpExecArray | null;
  let index = 0;
  while (index < query.length) {
    pattern.lastIndex = index;
    match = pattern.exec(query);
    if (!match || match[0].length === 0) {
      if (/^\s*$/.test(query.slice(index))) {
        break;
      }
      throw new Error(`cannot read "${query.slice(index, index + 20)}" in: ${query}`);
    }
    index = pattern.lastIndex;
    if (match[1]) tokens.push({ kind: 'string', text: match[1].slice(1, -1) });
    else if (match[2]) tokens.push({ kind: 'op', text: match[2] });
    else if (match[3]) tokens.push({ kind: 'punct', text: match[3] });
    else if (match[4]) tokens.push({ kind: 'number', text: match[4] });
    else if (match[5]) tokens.push({ kind: 'word', text: match[5] });
  }
  return tokens;
}

const CLAUSE = new Set(['AS', 'THAT', 'WHERE', 'RETURN', 'LIMIT', 'ORDER', 'SKIP']);
const VALUE_WORDS = new Set(['true', 'false', 'undefined', 'null', 'date.now', 'AND', 'OR', 'NOT']);
const COMPARISON = new Set(['=', '!=', '<', '>', '<=', '>=', '~=', '^=', '$=']);

interface Condition {
  alias?: string;
  property: string;
  operator: string;
  literals: string[];
  /** The value as written (a literal, `date.now - 1 day`, …). */
  value: Token[];
  /** How it joins the condition before it (`AND`, `OR`); undefined for the first. */
  joiner?: 'AND' | 'OR';
}

interface Step {
  /** The selector's types (entity types, `*` for any). */
  types: string[];
  conditions: Condition[];
  alias?: string;
}

interface Traversal {
  verb: string;
  negated: boolean;
  direction: '>>' | '<<' | undefined;
  alias?: string;
}

interface ParsedQuery {
  steps: Step[];
  /** traversals[i] links steps[i] and steps[i + 1]. */
  traversals: Traversal[];
  where: Condition[];
  returned: { alias: string; property?: string }[];
}

function parseQuery(query: string): ParsedQuery {
  const tokens = tokenize(query);
  let index = 0;
  const peek = (): Token | undefined => tokens[index];
  const take = (): Token => {
    const token = tokens[index++];
    if (!token) throw new Error(`query ends early: ${query}`);
    return token;
  };
  const expectWord = (word: string): void => {
    const token = take();
    if (token.text.toUpperCase() !== word)
      throw new Error(`expected ${word}, got ${token.text}: ${query}`);
  };
  const isClause = (token: Token | undefined): boolean =>
    !!token && token.kind === 'word' && CLAUSE.has(token.text.toUpperCase());

  function selector(): string[] {
    const token = take();
    if (token.text === '(') {
      const types: string[] = [];
      while (peek()?.text !== ')') {
        const part = take();
        if (part.text !== '|') types.push(part.text);
      }
      take();
      return types;
    }
    return [token.text];
  }

  /** Conditions up to the next clause keyword: `prop op value` or `alias.prop op value`. */
  function conditions(withAliases: boolean): Condition[] {
    const found: Condition[] = [];
    let joiner: Condition['joiner'];
    while (peek() && !isClause(peek())) {
      const token = take();
      const next = peek();
      if (token.kind === 'word' && (token.text === 'AND' || token.text === 'OR')) {
        joiner = token.text;
        continue;
      }
      if (
        token.kind === 'word' &&
        !VALUE_WORDS.has(token.text) &&
        next?.kind === 'op' &&
        COMPARISON.has(next.text)
      ) {
        take();
        const literals: string[] = [];
        const written: Token[] = [];
        let depth = 0;
        // The value: a literal, date arithmetic, or a parenthesised list of alternatives.
        while (peek() && !isClause(peek())) {
          const value = peek()!;
          if (value.text === '(') depth += 1;
          if (value.text === ')') depth -= 1;
          if (depth === 0 && value.kind === 'word' && ['AND', 'OR'].includes(value.text)) break;
          take();
          written.push(value);
          if (value.kind === 'string') literals.push(value.text);
          if (depth === 0 && value.text === ')') break;
        }
        const [alias, property] =
          withAliases && token.text.includes('.')
            ? [
                token.text.slice(0, token.text.indexOf('.')),
                token.text.slice(token.text.indexOf('.') + 1),
              ]
            : [undefined, token.text];
        found.push({
          alias,
          property: property!,
          operator: next.text,
          literals,
          value: written,
          ...(found.length > 0 ? { joiner } : {}),
        });
      }
    }
    return found;
  }

  function step(): Step {
    const types = selector();
    let found: Condition[] = [];
    if (peek()?.text.toUpperCase() === 'WITH') {
      take();
      found = conditions(false);
    }
    let alias: string | undefined;
    if (peek()?.text.toUpperCase() === 'AS') {
      take();
      alias = take().text;
    }
    return { types, conditions: found, alias };
  }

  expectWord('FIND');
  if (peek()?.text.toUpperCase() === 'UNIQUE') take();
  const steps: Step[] = [step()];
  const traversals: Traversal[] = [];
  while (peek()?.text.toUpperCase() === 'THAT') {
    take();
    let verb = take().text;
    const negated = verb.startsWith('!');
    verb = verb.replace(/^!/, '').toUpperCase();
    if (verb === 'RELATES') expectWord('TO');
    let direction: Traversal['direction'];
    if (peek()?.text === '>>' || peek()?.text === '<<') direction = take().text as '>>' | '<<';
    let alias: string | undefined;
    if (peek()?.text.toUpperCase() === 'AS') {
      take();
      alias = take().text;
    }
    traversals.push({ verb, negated, direction, alias });
    steps.push(step());
  }
  let where: Condition[] = [];
  if (peek()?.text.toUpperCase() === 'WHERE') {
    take();
    where = conditions(true);
  }
  const returned: ParsedQuery['returned'] = [];
  if (peek()?.text.toUpperCase() === 'RETURN') {
    take();
    while (peek() && !isClause(peek())) {
      const token = take();
      if (token.kind !== 'word') continue;
      if (peek()?.text === '(') {
        take();
        returned.push({ alias: take().text });
        take();
      } else if (token.text.includes('.')) {
        const dot = token.text.indexOf('.');
        returned.push({ alias: token.text.slice(0, dot), property: token.text.slice(dot + 1) });
      } else if (token.text.toUpperCase() === 'AS') {
        take();
      }
    }
  }
  // ORDER BY alias.property [ASC|DESC], then LIMIT n: the property must exist like a returned one.
  if (peek()?.text.toUpperCase() === 'ORDER') {
    take();
    if (take().text.toUpperCase() !== 'BY') throw new Error(`ORDER without BY: ${query}`);
    const token = take();
    const dot = token.text.indexOf('.');
    if (dot < 0) throw new Error(`ORDER BY needs alias.property: ${query}`);
    returned.push({ alias: token.text.slice(0, dot), property: token.text.slice(dot + 1) });
    if (['ASC', 'DESC'].includes(peek()?.text.toUpperCase() ?? '')) take();
  }
  if (peek()?.text.toUpperCase() === 'LIMIT') {
    take();
    if (take().kind !== 'number') throw new Error(`LIMIT needs a number: ${query}`);
  }
  if (index !== tokens.length)
    throw new Error(
      `unread tail "${tokens
        .slice(index)
        .map((t) => t.text)
        .join(' ')}": ${query}`,
    );
  return { steps, traversals, where, returned };
}

// ---- the demo graph ----------------------------------------------------------------------------

let run: CollectRun;
let entities: Entity[];
let relationships: Relationship[];

beforeAll(async () => {
  // The run test/e2e/collect.test.ts checks (test/helpers/sample-collect.ts).
  run = await sampleCollect();
  ({ entities, relationships } = run.graph);
}, 180_000);

function entityTypes(): Set<string> {
  return new Set(entities.map((entity) => entity._type));
}

/**
 * Properties JupiterOne itself gives every entity and relationship when it stores them (JupiterOne
 * docs, "Entity/Relationship Metadata": `_createdOn` is when the object was first created in
 * JupiterOne, `_beginOn` when its latest version was). A collected graph has none, so a query that
 * compares them cannot be run here: the question must also carry a query that can.
 */
const JUPITERONE_METADATA = new Set(['_createdOn', '_beginOn', '_endOn', '_version']);

function usesJupiterOneMetadata(query: string): boolean {
  const parsed = parseQuery(query);
  return [...parsed.steps.flatMap((step) => step.conditions), ...parsed.where].some((condition) =>
    JUPITERONE_METADATA.has(condition.property),
  );
}

/** The entity types of other integrations that the integration's mapped relationships target. */
function mappedTargetTypes(): Set<string> {
  return new Set(mappedRelationships().map((relationship) => relationship.targetType));
}

/** Each mapped relationship as a traversal sees it: from its source to its target's type. */
function mappedRelationships(): {
  relationship: Relationship;
  fromKey: string;
  targetType: string;
  target: { [key: string]: unknown };
}[] {
  return relationships
    .filter((relationship) => relationship._mapping)
    .map((relationship) => {
      const mapping = relationship._mapping as RelationshipMapping;
      return {
        relationship,
        fromKey: mapping.sourceEntityKey,
        targetType: String(mapping.targetEntity._type),
        target: mapping.targetEntity as { [key: string]: unknown },
      };
    });
}

function objectsOfTypes<T extends { _type: string }>(objects: T[], types: string[]): T[] {
  return types.includes('*') ? objects : objects.filter((object) => types.includes(object._type));
}

function hasProperty(objects: { [key: string]: unknown }[], property: string): boolean {
  return objects.some((object) => object[property] !== undefined);
}

function valuesOf(objects: { [key: string]: unknown }[], property: string): Set<string> {
  return new Set(
    objects.flatMap((object) => [object[property]].flat().map((value) => String(value))),
  );
}

/**
 * The relationships a traversal can follow between two steps, in the direction it asks for. A step
 * naming another integration's types follows the mapped relationships to those types (forward, from
 * a Teleport entity: JupiterOne resolves their targets).
 */
function traversed(left: Step, traversal: Traversal, right: Step): Relationship[] {
  const typeOf = new Map(entities.map((entity) => [entity._key, entity._type]));
  const matches = (types: string[], key: unknown): boolean =>
    types.includes('*') || types.includes(typeOf.get(String(key)) ?? '');
  const external = right.types.filter((type) => mappedTargetTypes().has(type));
  if (external.length > 0) {
    return traversal.direction === '<<'
      ? []
      : mappedRelationships()
          .filter(
            (mapped) =>
              (traversal.verb === 'RELATES' || mapped.relationship._class === traversal.verb) &&
              matches(left.types, mapped.fromKey) &&
              external.includes(mapped.targetType),
          )
          .map((mapped) => mapped.relationship);
  }
  return relationships.filter((relationship) => {
    if (relationship._mapping) return false;
    if (traversal.verb !== 'RELATES' && relationship._class !== traversal.verb) return false;
    const forward =
      matches(left.types, relationship._fromEntityKey) &&
      matches(right.types, relationship._toEntityKey);
    const backward =
      matches(left.types, relationship._toEntityKey) &&
      matches(right.types, relationship._fromEntityKey);
    return traversal.direction === '>>'
      ? forward
      : traversal.direction === '<<'
        ? backward
        : forward || backward;
  });
}

const allQueries = file.questions.flatMap((question) =>
  question.queries.map((query, index) => ({
    label: `${question.id} #${index + 1}${query.name ? ` (${query.name})` : ''}`,
    query: query.query,
  })),
);

describe('questions.yaml structure', () => {
  it('is the managed question file of the Teleport integration', () => {
    expect(file.sourceId).toBe('managed:teleport');
    expect(file.integrationDefinitionId).toBe('${integration_definition_id}');
    expect(file.questions.length).toBeGreaterThanOrEqual(12);
  });

  it('has unique, prefixed ids and titles, described and tagged questions', () => {
    const ids = file.questions.map((question) => question.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(file.questions.map((question) => question.title)).size).toBe(ids.length);
    for (const question of file.questions) {
      expect(question.id).toMatch(/^integration-question-teleport-[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(question.title.trim().endsWith('?'), question.id).toBe(true);
      expect(question.description.trim().length, question.id).toBeGreaterThan(40);
      expect(question.tags, question.id).toContain('teleport');
      expect(new Set(question.tags).size, question.id).toBe(question.tags.length);
      expect(question.queries.length, question.id).toBeGreaterThan(0);
      const names = question.queries.map((query) => query.name).filter(Boolean);
      expect(new Set(names).size, question.id).toBe(names.length);
      for (const query of question.queries) {
        expect(['BAD', 'GOOD', 'INFORMATIVE'], question.id).toContain(query.resultsAre);
        expect(query.query, question.id).toMatch(/^FIND /);
        expect(query.query, question.id).not.toMatch(/\n/);
      }
    }
  });

  it('passes j1-integration validate-question-file (dry run)', async () => {
    const result = await runCli('validate-question-file', {
      workDirectory: PROJECT_ROOT,
      env: {},
      args: ['--file-path', QUESTIONS, '--dry-run'],
      timeoutMs: 60_000,
    });
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toContain('Successfully validated managed question file!');
  });
});

describe('every query against the collected sample organisation', () => {
  it('collects the demo graph', () => {
    expect(run.exitCode, run.output.slice(-3000)).toBe(0);
    expect(entities.length).toBeGreaterThan(40);
  });

  it('names only types the integration produces', () => {
    const known = new Set([...entities, ...relationships].map((object) => object._type));
    for (const { label, query } of allQueries) {
      const outsideQuotes = query.replace(/'(?:[^'\\]|\\.)*'/g, "''");
      for (const type of outsideQuotes.match(/teleport_[a-z_]+/g) ?? []) {
        expect(known.has(type), `${label}: ${type}`).toBe(true);
      }
    }
  });

  it.each(allQueries.map(({ label, query }) => [label, query] as const))(
    '%s: types, properties, traversals and values exist',
    (label, query) => {
      const parsed = parseQuery(query);
      const known = entityTypes();
      const aliases = new Map<string, { objects: { [key: string]: unknown }[]; what: string }>();
      parsed.steps.forEach((step, index) => {
        const external = mappedTargetTypes();
        for (const type of step.types) {
          expect(
            type === '*' || known.has(type) || (index > 0 && external.has(type)),
            `${label}: entity type ${type}`,
          ).toBe(true);
        }
        // Another integration's entities, as far as the mappings say what they carry.
        const objects = (step.types.some((type) => external.has(type))
          ? mappedRelationships()
              .filter((mapped) => step.types.includes(mapped.targetType))
              .map((mapped) => mapped.target)
          : objectsOfTypes(entities, step.types)) as unknown as {
          [key: string]: unknown;
        }[];
        for (const condition of step.conditions) {
          if (JUPITERONE_METADATA.has(condition.property)) continue;
          expect(
            hasProperty(objects, condition.property),
            `${label}: ${step.types.join('|')}.${condition.property}`,
          ).toBe(true);
          if (ENUMERATED.has(condition.property)) {
            for (const literal of condition.literals) {
              expect(
                [...valuesOf(objects, condition.property)],
                `${label}: ${condition.property}`,
              ).toContain(literal);
            }
          }
        }
        if (step.alias) aliases.set(step.alias, { objects, what: step.types.join('|') });
        if (index > 0) {
          const traversal = parsed.traversals[index - 1]!;
          const followed = traversed(parsed.steps[index - 1]!, traversal, step);
          expect(
            followed.length,
            `${label}: ${parsed.steps[index - 1]!.types.join('|')} ${traversal.negated ? '!' : ''}${traversal.verb} ${traversal.direction ?? ''} ${step.types.join('|')}`,
          ).toBeGreaterThan(0);
          if (traversal.alias) {
            aliases.set(traversal.alias, {
              objects: followed as unknown as { [key: string]: unknown }[],
              what: [...new Set(followed.map((relationship) => relationship._type))].join('|'),
            });
          }
        }
      });
      for (const condition of parsed.where) {
        const target = aliases.get(condition.alias ?? '');
        expect(target, `${label}: alias ${condition.alias}`).toBeDefined();
        if (JUPITERONE_METADATA.has(condition.property)) continue;
        expect(
          hasProperty(target!.objects, condition.property),
          `${label}: ${target!.what}.${condition.property}`,
        ).toBe(true);
        if (ENUMERATED.has(condition.property)) {
          for (const literal of condition.literals) {
            expect(
              [...valuesOf(target!.objects, condition.property)],
              `${label}: ${condition.property}`,
            ).toContain(literal);
          }
        }
      }
      for (const item of parsed.returned) {
        const target = aliases.get(item.alias);
        expect(target, `${label}: alias ${item.alias}`).toBeDefined();
        if (item.property) {
          expect(
            hasProperty(target!.objects, item.property),
            `${label}: ${target!.what}.${item.property}`,
          ).toBe(true);
        }
      }
    },
  );

  it('the reader catches a property, a type and a traversal that do not exist', () => {
    const parsed = parseQuery(
      "FIND teleport_user WITH userType = 'local' AS u THAT MANAGES >> AS o teleport_access_list AS l WHERE o.inherited = true RETURN u.displayName, count(l)",
    );
    expect(parsed.steps.map((step) => step.types)).toEqual([
      ['teleport_user'],
      ['teleport_access_list'],
    ]);
    expect(parsed.steps[0]!.conditions).toEqual([
      {
        alias: undefined,
        property: 'userType',
        operator: '=',
        literals: ['local'],
        value: [{ kind: 'string', text: 'local' }],
      },
    ]);
    expect(parsed.traversals).toEqual([
      { verb: 'MANAGES', negated: false, direction: '>>', alias: 'o' },
    ]);
    expect(parsed.where).toEqual([
      {
        alias: 'o',
        property: 'inherited',
        operator: '=',
        literals: [],
        value: [{ kind: 'word', text: 'true' }],
      },
    ]);
    expect(parsed.returned).toEqual([{ alias: 'u', property: 'displayName' }, { alias: 'l' }]);
    const users = objectsOfTypes(entities, ['teleport_user']) as unknown as {
      [key: string]: unknown;
    }[];
    expect(hasProperty(users, 'mfaEnabled')).toBe(true);
    expect(hasProperty(users, 'mfaEnrolled')).toBe(false);
    // Users are members, not holders, of lists: the reverse direction finds nothing.
    const [user, list] = parsed.steps as [Step, Step];
    expect(traversed(user, { verb: 'HAS', negated: false, direction: '>>' }, list)).toEqual([]);
    expect(
      traversed(user, { verb: 'HAS', negated: false, direction: '<<' }, list).length,
    ).toBeGreaterThan(0);
  });
});

// ---- running the change alerts on the demo graph ------------------------------------------------

const UNIT_MS: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** A condition's value: a literal, true/false/undefined, a number, or `date.now ± N unit`. */
function valueOf(tokens: Token[]): unknown {
  const [first, sign, amount, unit] = tokens;
  if (tokens.length === 1 && first) {
    if (first.kind === 'string') return first.text;
    if (first.kind === 'number') return Number(first.text);
    if (first.text === 'true' || first.text === 'false') return first.text === 'true';
    if (first.text === 'undefined') return undefined;
  }
  if (first?.text === 'date.now') {
    if (tokens.length === 1) return Date.now();
    const ms = Number(amount?.text) * (UNIT_MS[unit?.text ?? ''] ?? NaN);
    if (Number.isFinite(ms) && (sign?.text === '+' || sign?.text === '-')) {
      return Date.now() + (sign.text === '+' ? ms : -ms);
    }
  }
  throw new Error(`cannot evaluate the value ${tokens.map((token) => token.text).join(' ')}`);
}

/** J1QL's comparison: `=` on a list matches any element, `!=` none; order comparisons are numeric. */
function compares(actual: unknown, operator: string, expected: unknown): boolean {
  const values = Array.isArray(actual) ? (actual as unknown[]) : [actual];
  switch (operator) {
    case '=':
      return values.some((value) => value === expected);
    case '!=':
      return !values.some((value) => value === expected);
    case '<':
    case '>':
    case '<=':
    case '>=':
      return values.some(
        (value) =>
          typeof value === 'number' &&
          typeof expected === 'number' &&
          (operator === '<'
            ? value < expected
            : operator === '>'
              ? value > expected
              : operator === '<='
                ? value <= expected
                : value >= expected),
      );
    default:
      throw new Error(`cannot evaluate the operator ${operator}`);
  }
}

/** Conditions joined all by AND or all by OR (mixing them would need J1QL's precedence). */
function holds(object: { [key: string]: unknown }, conditions: Condition[]): boolean {
  const joiners = new Set(conditions.slice(1).map((condition) => condition.joiner));
  if (joiners.size > 1) throw new Error('cannot evaluate AND mixed with OR');
  const results = conditions.map((condition) =>
    compares(object[condition.property], condition.operator, valueOf(condition.value)),
  );
  return joiners.has('OR') ? results.some(Boolean) : results.every(Boolean);
}

/**
 * Runs a query of the subset the alert questions use on the collected graph: typed steps with
 * WITH conditions, traversals by class and direction, WHERE conditions joined by AND. Answers the
 * matched paths (each a map from alias to entity or relationship).
 */
function evaluate(query: string): Map<string, { [key: string]: unknown }>[] {
  const parsed = parseQuery(query);
  type Path = { last: Entity; bound: Map<string, { [key: string]: unknown }> };
  const record = (object: Entity | Relationship) => object as unknown as { [key: string]: unknown };
  const [first, ...rest] = parsed.steps;
  let paths: Path[] = objectsOfTypes(entities, first!.types)
    .filter((entity) => holds(record(entity), first!.conditions))
    .map((entity) => ({
      last: entity,
      bound: new Map(first!.alias ? [[first!.alias, record(entity)]] : []),
    }));
  const byKey = new Map(entities.map((entity) => [entity._key, entity]));
  rest.forEach((step, index) => {
    const traversal = parsed.traversals[index]!;
    if (traversal.negated) throw new Error('cannot evaluate a negated traversal');
    paths = paths.flatMap((path) =>
      relationships.flatMap((relationship) => {
        if (relationship._mapping) return [];
        if (traversal.verb !== 'RELATES' && relationship._class !== traversal.verb) return [];
        const forward = relationship._fromEntityKey === path.last._key;
        const backward = relationship._toEntityKey === path.last._key;
        const ok =
          traversal.direction === '>>'
            ? forward
            : traversal.direction === '<<'
              ? backward
              : forward || backward;
        if (!ok) return [];
        const next = byKey.get(
          String(forward ? relationship._toEntityKey : relationship._fromEntityKey),
        );
        if (!next || !objectsOfTypes([next], step.types).length) return [];
        if (!holds(record(next), step.conditions)) return [];
        const bound = new Map(path.bound);
        if (traversal.alias) bound.set(traversal.alias, record(relationship));
        if (step.alias) bound.set(step.alias, record(next));
        return [{ last: next, bound }];
      }),
    );
  });
  if (new Set(parsed.where.slice(1).map((condition) => condition.joiner)).has('OR')) {
    throw new Error('cannot evaluate OR in WHERE');
  }
  return paths
    .filter((path) =>
      parsed.where.every((condition) =>
        compares(
          path.bound.get(condition.alias ?? '')?.[condition.property],
          condition.operator,
          valueOf(condition.value),
        ),
      ),
    )
    .map((path) => path.bound);
}

describe('the changes worth an alert (questions tagged alert) on the demo graph', () => {
  const alerts = file.questions.filter((question) => question.tags.includes('alert'));

  it('are the five changes a security team should hear about', () => {
    expect(alerts.map((question) => question.id).sort()).toEqual(
      [
        'integration-question-teleport-alert-access-list-review-overdue',
        'integration-question-teleport-alert-bot-gains-role',
        'integration-question-teleport-alert-new-lock',
        'integration-question-teleport-alert-role-gains-wildcard-rule',
        'integration-question-teleport-alert-user-gains-admin-role',
      ].sort(),
    );
  });

  it.each(
    alerts.flatMap((question) =>
      question.queries.map(
        (query) => [`${question.id} (${query.name})`, query.query, question] as const,
      ),
    ),
  )('%s returns something, or says why it cannot here', (label, query, question) => {
    if (usesJupiterOneMetadata(query)) {
      // JupiterOne gives `_createdOn` to what it stores; the collected graph has none, so this
      // query cannot run here. Its question must carry one that can, and that returns something.
      expect(
        question.queries.some(
          (other) => !usesJupiterOneMetadata(other.query) && evaluate(other.query).length > 0,
        ),
        label,
      ).toBe(true);
      return;
    }
    expect(evaluate(query).length, label).toBeGreaterThan(0);
  });

  it('the evaluator can fail: a wrong value, a wrong direction, a window in the past', () => {
    expect(evaluate("FIND teleport_role WITH allowRuleResources = 'no-such-resource'")).toEqual([]);
    expect(evaluate('FIND teleport_role AS r THAT HAS >> teleport_user AS u')).toEqual([]);
    expect(evaluate('FIND teleport_lock WITH createdOn > date.now + 1 day')).toEqual([]);
    expect(
      evaluate(
        "FIND teleport_user AS u THAT HAS >> AS h teleport_role WITH admin = true AS r WHERE h.via = 'no-such-path'",
      ),
    ).toEqual([]);
    expect(evaluate('FIND teleport_lock WITH createdOn > date.now - 1 day').length).toBe(1);
  });
});

describe("README.md's access path diagram", () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const block = /```mermaid\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  // `a["…"] -- VERB --> b` or `a -- "VERB (detail)" --> b`.
  const edges = [
    ...block.matchAll(/^\s*(\w+)(?:\[[^\]]*\])? -- "?([A-Z]+)(?: \(([^)]*)\))?"? --> (\w+)/gm),
  ].map(([, from, verb, detail, to]) => ({ from: from!, verb: verb!, detail, to: to! }));

  /** The diagram's nodes, found in the collected demo graph. */
  const nodeKey = (id: string): string => {
    const find = (test: (entity: Entity) => boolean): string => {
      const found = entities.find(test);
      expect(found, id).toBeDefined();
      return found!._key;
    };
    switch (id) {
      case 'list':
        return find((e) => e._type === 'teleport_access_list' && e.title === 'Production SSH');
      case 'alice':
        return find((e) => e._type === 'teleport_user' && e.username === 'alice@acme.com');
      case 'role':
        return find((e) => e._type === 'teleport_role' && e.name === 'prod-ssh');
      case 'selector':
        return find(
          (e) =>
            e._type === 'teleport_label_selector' &&
            e.resourceKind === 'node' &&
            e.name === 'env=prod',
        );
      case 'node':
        return find(
          (e) => e._type === 'teleport_node' && e.hostname === 'web-1.prod.acme.internal',
        );
      default:
        throw new Error(`the diagram names a node the test does not know: ${id}`);
    }
  };

  it('draws the path from a user through a list and a role to a server', () => {
    expect(edges.map(({ from, verb, to }) => `${from} ${verb} ${to}`)).toEqual([
      'list HAS alice',
      'list ASSIGNED role',
      'alice HAS role',
      'role ALLOWS selector',
      'selector CONTAINS node',
      'node ALLOWS alice',
    ]);
  });

  it.each(edges.map((edge) => [`${edge.from} ${edge.verb} ${edge.to}`, edge] as const))(
    '%s is in the collected graph, with what the diagram says of it',
    (_name, { from, verb, detail, to }) => {
      const matching = relationships.filter(
        (r) =>
          r._class === verb && r._fromEntityKey === nodeKey(from) && r._toEntityKey === nodeKey(to),
      );
      expect(matching.length, `${from} ${verb} ${to}`).toBeGreaterThan(0);
      if (detail?.startsWith('via ')) {
        expect(matching.map((r) => r.via)).toContain(detail.slice(4));
      } else if (detail) {
        const principals = (r: Relationship) =>
          String(r.principals ?? '')
            .split(', ')
            .sort();
        expect(matching.map(principals)).toContainEqual(detail.split(', ').sort());
      }
    },
  );
});
