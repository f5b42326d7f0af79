import { AccessEvaluator, ResourceCatalog, type Resource } from '../../evaluators/access';
import {
  Entities,
  LabelSelectorContains,
  Relationships,
  ResourceEntities,
  ResourceSteps,
  Steps,
} from '../constants';
import { createKeyRelationship, keyOf } from '../graph-values';
import { jobData } from '../job-data';
import { addEntityOnce, addRelationshipBetweenKnown } from '../job-state';
import { defineStep, type StepContext } from '../step';
import {
  createLabelSelectorEntity,
  createRoleSelectorRelationship,
  SELECTOR_KINDS,
  selectorId,
  selectorRole,
  selectorUsesOf,
  type SelectorOutcome,
  type SelectorKind,
  type SelectorSpec,
} from './converters';

/** The most resources one selector relates to; the rest are counted (`truncatedCount`), with a warning. */
export const MAX_RESOURCES_PER_SELECTOR = 5_000;

/**
 * What one selector matches among the kind's resources, as Teleport matches a role's labels
 * (role.go `CheckLabelsMatch` through the evaluator): a role holding only this selector, on its
 * allow side, is granted exactly where the selector matches.
 */
function match(selector: SelectorSpec, catalog: ResourceCatalog): SelectorOutcome {
  const role = selectorRole(selector);
  const outcome: SelectorOutcome = {
    matched: [],
    total: 0,
    unevaluated: 0,
    errors: 0,
    truncated: 0,
  };
  // No traits: a selector that reads them is marked `dependsOnTraits` (templates as written).
  for (const result of new AccessEvaluator([role], {}).evaluateAll(catalog)) {
    if (result.kind !== selector.kind) {
      continue;
    }
    outcome.total += 1;
    if (result.decision === 'unevaluated') {
      outcome.unevaluated += 1;
    } else if (result.decision === 'error') {
      outcome.errors += 1;
    } else if (result.grantedBy.length > 0) {
      outcome.matched.push(result.name);
    }
  }
  return outcome;
}

async function buildLabelSelectors(context: StepContext, kind: SelectorKind): Promise<void> {
  const { jobState, logger } = context;
  const roles = await jobData.accessRoles(jobState);
  if (!roles) {
    logger.warn('Label selectors skipped: the roles could not be listed.');
    return;
  }
  // Only when the kind's resources were listed in full: otherwise every selector of it would
  // look as if it matched nothing.
  const resources: Resource[] | undefined = (await jobData.resourcesByKind(jobState)).get(kind);
  if (!resources) {
    logger.warn(
      { kind },
      'Label selectors skipped: the resources of this kind were not listed in full.',
    );
    return;
  }
  const catalog = new ResourceCatalog(resources);
  const selectors = new Map<string, { spec: SelectorSpec; outcome?: SelectorOutcome }>();
  let truncatedSelectors = 0;
  for (const role of roles) {
    for (const use of selectorUsesOf(role, kind)) {
      const id = selectorId(use.selector);
      let selector = selectors.get(id);
      if (!selector) {
        selector = { spec: use.selector, outcome: match(use.selector, catalog) };
        selectors.set(id, selector);
        const { outcome, spec } = selector;
        const matchesAll = outcome!.total > 0 && outcome!.matched.length === outcome!.total;
        // A selector that matches every resource of its kind says so once, instead of an edge each.
        const related = matchesAll ? [] : outcome!.matched;
        outcome!.truncated = Math.max(0, related.length - MAX_RESOURCES_PER_SELECTOR);
        truncatedSelectors += outcome!.truncated > 0 ? 1 : 0;
        await addEntityOnce(jobState, createLabelSelectorEntity(spec, outcome!));
        for (const name of related.slice(0, MAX_RESOURCES_PER_SELECTOR)) {
          await addRelationshipBetweenKnown(
            jobState,
            createKeyRelationship(
              LabelSelectorContains[spec.kind],
              keyOf(Entities.LABEL_SELECTOR, spec.kind, id),
              keyOf(ResourceEntities[spec.kind], name),
            ),
          );
        }
      }
      await addRelationshipBetweenKnown(jobState, createRoleSelectorRelationship(use));
    }
  }
  if (truncatedSelectors > 0) {
    logger.warn(
      { selectors: truncatedSelectors, cap: MAX_RESOURCES_PER_SELECTOR },
      'Some label selectors match more resources than are related one by one; their matchedCount says how many, truncatedCount how many were not related.',
    );
  }
  logger.info(
    { kind, selectors: selectors.size, resources: resources.length },
    'Built label selectors',
  );
}

/**
 * One step per kind, after the roles and that kind's resource step: when a user switches a kind
 * off, the runtime skips its selector step with it (a step whose dependency is disabled never runs).
 */
export const labelSelectorSteps = SELECTOR_KINDS.map((kind) =>
  defineStep({
    id: `build-label-selectors-${kind.replace(/_/g, '-')}`,
    name: `Build role label selectors for ${kind} resources`,
    entities: [Entities.LABEL_SELECTOR],
    relationships: [
      Relationships.ROLE_ALLOWS_LABEL_SELECTOR,
      Relationships.ROLE_DENIES_LABEL_SELECTOR,
      LabelSelectorContains[kind],
    ],
    dependsOn: [Steps.ROLES, ResourceSteps[kind]],
    // Computed from what the role and resource steps collected: asks Teleport for nothing.
    permission: { resources: [], verbs: [] },
    featureSwitch: 'ingestAccessPaths',
    run: (context) => buildLabelSelectors(context, kind),
  }),
);
