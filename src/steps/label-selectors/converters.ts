import { createHash } from 'node:crypto';
import { Entity, Relationship, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type { ResourceKind, Role, RoleConditions } from '../../evaluators/access';
import { createKeyRelationship, definedOnly, keyOf, keys } from '../graph-values';
import { Entities, Relationships } from '../constants';

/**
 * Where each kind's selector, expression and principals live in a role (api/types/role.go
 * `GetLabelMatchers`, and the principal fields role.go checks for the kind). Principals of several
 * fields are told apart by a prefix (`group:`, `user:`, `name:`).
 */
const FIELDS = {
  node: {
    labels: 'node_labels',
    expression: 'node_labels_expression',
    principals: { logins: '' },
  },
  kube_cluster: {
    labels: 'kubernetes_labels',
    expression: 'kubernetes_labels_expression',
    principals: { kubernetes_groups: 'group:', kubernetes_users: 'user:' },
  },
  db: {
    labels: 'db_labels',
    expression: 'db_labels_expression',
    principals: { db_users: 'user:', db_names: 'name:' },
  },
  // Applications have no login; who may open one is its labels alone.
  app: {
    labels: 'app_labels',
    expression: 'app_labels_expression',
    principals: {},
  },
  windows_desktop: {
    labels: 'windows_desktop_labels',
    expression: 'windows_desktop_labels_expression',
    principals: { windows_desktop_logins: '' },
  },
} as const satisfies Partial<
  Record<
    ResourceKind,
    {
      labels: keyof RoleConditions;
      expression: keyof RoleConditions;
      principals: Partial<Record<keyof RoleConditions, string>>;
    }
  >
>;

export const SELECTOR_KINDS = Object.keys(FIELDS) as SelectorKind[];

export type SelectorKind = keyof typeof FIELDS;

export interface SelectorSpec {
  kind: SelectorKind;
  /** Sorted keys, values as written. */
  labels: Record<string, string[]>;
  expression?: string;
}

export interface RoleSelectorUse {
  role: string;
  side: 'allow' | 'deny';
  selector: SelectorSpec;
  /** The side's principals for the kind, templates as written. */
  principals: string[];
}

export function selectorId(selector: SelectorSpec): string {
  return createHash('sha256').update(JSON.stringify(selector)).digest('hex').slice(0, 24);
}

/** `env=prod`, `*=*`: how a selector reads, values joined as Teleport's YAML lists them. */
export function selectorText(selector: SelectorSpec): string {
  const pairs = Object.entries(selector.labels).map(
    ([key, values]) => `${key}=${values.join('|')}`,
  );
  return [...pairs, ...(selector.expression ? [selector.expression] : [])].join(', ');
}

/**
 * Each side of each role that has a selector or an expression for the kind. An empty selector
 * with no expression matches nothing (role.go `MatchLabels`), so it is no use.
 */
export function selectorUsesOf(role: Role, kind: SelectorKind): RoleSelectorUse[] {
  const fields = FIELDS[kind];
  const uses: RoleSelectorUse[] = [];
  for (const side of ['allow', 'deny'] as const) {
    const conditions = role[side] ?? {};
    const labels = (conditions[fields.labels] ?? {}) as Record<string, string[]>;
    const expression = conditions[fields.expression] as string | undefined;
    if (Object.keys(labels).length === 0 && !expression) {
      continue;
    }
    uses.push({
      role: role.name,
      side,
      selector: {
        kind,
        labels: Object.fromEntries(
          Object.keys(labels)
            .sort()
            .map((key) => [key, labels[key]!]),
        ),
        ...(expression ? { expression } : {}),
      },
      principals: Object.entries(fields.principals).flatMap(([field, prefix]) =>
        ((conditions[field as keyof RoleConditions] as string[] | undefined) ?? []).map(
          (principal) => `${prefix}${principal}`,
        ),
      ),
    });
  }
  return uses;
}

/**
 * A role holding only this selector on its allow side: Teleport grants it exactly where the
 * selector matches (role.go `CheckLabelsMatch`), which is how the evaluator is asked.
 */
export function selectorRole(selector: SelectorSpec): Role {
  const fields = FIELDS[selector.kind];
  return {
    name: 'selector',
    version: 'v7',
    allow: {
      [fields.labels]: selector.labels,
      ...(selector.expression ? { [fields.expression]: selector.expression } : {}),
    },
  };
}

/** True when what the selector matches depends on the user (a template or a trait in it). */
export function dependsOnTraits(selector: SelectorSpec): boolean {
  const text = JSON.stringify(selector);
  return /\{\{|user\.spec\.traits|external\.|internal\./.test(text);
}

export interface SelectorOutcome {
  matched: string[];
  total: number;
  unevaluated: number;
  errors: number;
  /** Matched resources past the cap, not written as relationships. */
  truncated: number;
}

export function createLabelSelectorEntity(
  selector: SelectorSpec,
  outcome: SelectorOutcome,
): Entity {
  const matchesAll = outcome.total > 0 && outcome.matched.length === outcome.total;
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        _key: keyOf(Entities.LABEL_SELECTOR, selector.kind, selectorId(selector)),
        _type: Entities.LABEL_SELECTOR._type,
        _class: Entities.LABEL_SELECTOR._class,
        name: selectorText(selector),
        displayName: `${selector.kind}: ${selectorText(selector)}`,
        resourceKind: selector.kind,
        selector: Object.entries(selector.labels).flatMap(([key, values]) =>
          values.map((value) => `${key}=${value}`),
        ),
        matchesAll,
        matchedCount: outcome.matched.length,
        dependsOnTraits: dependsOnTraits(selector),
        ...definedOnly({
          expression: selector.expression,
          unevaluatedCount: outcome.unevaluated || undefined,
          errorCount: outcome.errors || undefined,
          truncatedCount: outcome.truncated || undefined,
        }),
      },
    },
  });
}

export function createRoleSelectorRelationship(use: RoleSelectorUse): Relationship {
  return createKeyRelationship(
    use.side === 'allow'
      ? Relationships.ROLE_ALLOWS_LABEL_SELECTOR
      : Relationships.ROLE_DENIES_LABEL_SELECTOR,
    keys.role(use.role),
    keyOf(Entities.LABEL_SELECTOR, use.selector.kind, selectorId(use.selector)),
    {
      resourceKind: use.selector.kind,
      // Relationship properties are scalars: the principals as written, comma-separated.
      principals: use.principals.length > 0 ? use.principals.join(', ') : undefined,
      principalCount: use.principals.length,
    },
  );
}
