/**
 * Adding graph objects the way Teleport's data needs: the same object may arrive twice (a page
 * repeated after a retry, a restarted stream), and relationships are built from keys alone.
 */
import {
  Entity,
  IntegrationDuplicateKeyError,
  IntegrationLogger,
  JobState,
  Relationship,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';
import { createKeyRelationship, unknownEnumProperties } from './graph-values';

/**
 * Adds the entity unless its key is already in the job; true when it was added. Two callers may
 * race for the same key (owners of two lists, looked up concurrently, naming the same absent
 * user): the SDK refuses the second add, which is taken as "already there".
 */
export async function addEntityOnce(jobState: JobState, entity: Entity): Promise<boolean> {
  // hasKey is synchronous in SDK 8 and may be asynchronous in later versions.
  if (await jobState.hasKey(entity._key)) {
    return false;
  }
  return addedUnlessDuplicate(() => jobState.addEntity(entity));
}

/** Runs an add; false when the SDK refuses it for a key already in the job (it then stores nothing). */
async function addedUnlessDuplicate(add: () => Promise<unknown>): Promise<boolean> {
  try {
    await add();
    return true;
  } catch (error) {
    if (error instanceof IntegrationDuplicateKeyError) {
      return false;
    }
    throw error;
  }
}

/**
 * Adds an entity the cluster's account HAS, with that relationship; false when the entity was
 * already in the job (then nothing is added).
 */
export async function addAccountEntity(
  jobState: JobState,
  accountKey: string,
  entity: Entity,
  accountHas: StepRelationshipMetadata,
): Promise<boolean> {
  if (!(await addEntityOnce(jobState, entity))) {
    return false;
  }
  await addRelationshipOnce(jobState, createKeyRelationship(accountHas, accountKey, entity._key));
  return true;
}

/**
 * Adds the relationship unless its key is already in the job; true when it was added. The SDK
 * refuses a duplicate key before storing anything, so asking it is one key look-up, not two.
 */
export async function addRelationshipOnce(
  jobState: JobState,
  relationship: Relationship,
): Promise<boolean> {
  return addedUnlessDuplicate(() => jobState.addRelationship(relationship));
}

/**
 * Adds a relationship only when both its ends are in the graph, for references that may point
 * nowhere (a deleted role, a user created after the user listing); true when it was added.
 */
export async function addRelationshipBetweenKnown(
  jobState: JobState,
  relationship: Relationship,
): Promise<boolean> {
  const known =
    (await jobState.hasKey(relationship._fromEntityKey as string)) &&
    (await jobState.hasKey(relationship._toEntityKey as string));
  return known && addRelationshipOnce(jobState, relationship);
}

/**
 * The job state a step uses, logging each entity or relationship property that holds an enum value
 * our protos do not declare (`unknown (N)`) once per type and property, so a value Teleport added
 * later is visible in the run's log without failing the step.
 */
export function loggingUnknownEnums(jobState: JobState, logger: IntegrationLogger): JobState {
  const logged = new Set<string>();
  const check = (object: Entity | Relationship): void => {
    for (const { property, value } of unknownEnumProperties(object)) {
      const field = `${object._type}.${property}`;
      if (!logged.has(field)) {
        logged.add(field);
        logger.warn(
          { type: object._type, property, value },
          `Teleport sent a ${property} value this integration does not know; it is recorded as "${value}"`,
        );
      }
    }
  };
  // Each method is wrapped or bound once: hasKey alone is called up to millions of times a run.
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(jobState, {
    get(target, name, receiver) {
      const known = methods.get(name);
      if (known) {
        return known;
      }
      const original = Reflect.get(target, name, receiver) as unknown;
      if (typeof original !== 'function') {
        return original;
      }
      const wrapped = wrap(target, name, original as (...args: unknown[]) => unknown);
      methods.set(name, wrapped);
      return wrapped;
    },
  });

  function wrap(
    target: JobState,
    name: PropertyKey,
    method: (...args: unknown[]) => unknown,
  ): (...args: never[]) => unknown {
    switch (name) {
      case 'addEntity':
      case 'addRelationship':
        return (object: Entity | Relationship) => {
          check(object);
          return method.call(target, object);
        };
      case 'addEntities':
      case 'addRelationships':
        return (objects: (Entity | Relationship)[]) => {
          objects.forEach(check);
          return method.call(target, objects);
        };
      default:
        return method.bind(target);
    }
  }
}
