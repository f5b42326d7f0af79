/**
 * Adding graph objects the way Teleport's data needs: the same object may arrive twice (a page
 * repeated after a retry, a restarted stream), and relationships are built from keys alone.
 */
import {
  Entity,
  IntegrationDuplicateKeyError,
  JobState,
  Relationship,
  RelationshipClass,
  StepRelationshipMetadata,
  createDirectRelationship,
} from '@jupiterone/integration-sdk-core';

/** Adds the entity unless its key is already in the job; true when it was added. */
export async function addEntityOnce(jobState: JobState, entity: Entity): Promise<boolean> {
  if (jobState.hasKey(entity._key)) {
    return false;
  }
  await jobState.addEntity(entity);
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
  try {
    await jobState.addRelationship(relationship);
    return true;
  } catch (error) {
    if (error instanceof IntegrationDuplicateKeyError) {
      return false;
    }
    throw error;
  }
}

/** A relationship of the given metadata between two keys, with optional properties and key suffix. */
export function createKeyRelationship(
  metadata: StepRelationshipMetadata,
  fromKey: string,
  toKey: string,
  properties: Record<string, string | number | boolean | string[] | undefined> = {},
  keySuffix?: string,
): Relationship {
  const defined: Record<string, string | number | boolean | string[]> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (value !== undefined) {
      defined[name] = value;
    }
  }
  const verb = (metadata._class as RelationshipClass).toLowerCase();
  return createDirectRelationship({
    _class: metadata._class as RelationshipClass,
    fromType: metadata.sourceType,
    fromKey,
    toType: metadata.targetType,
    toKey,
    properties: {
      _type: metadata._type,
      _key: `${fromKey}|${verb}|${toKey}${keySuffix ? `|${keySuffix}` : ''}`,
      ...defined,
    },
  });
}
