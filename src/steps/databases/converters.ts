import { Entity, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type { DatabaseServerV3, DatabaseV3 } from '../../teleport';
import { definedOnly, keyOf, nonEmptyString } from '../graph-values';
import { combineLabels, dynamicLabelKeys, labelProperties } from '../labels';
import { agentProperties, type Agent, type Served } from '../served';
import { Entities } from '../constants';
import { addressWithoutCredentials } from '../uri';

/** A database agent's record split into the database it serves and the agent itself. */
export function unwrapDatabaseServer(server: DatabaseServerV3): {
  resource?: DatabaseV3;
  agent: Agent;
} {
  const spec = server.spec;
  return {
    resource: spec?.database,
    agent: { hostname: spec?.hostname, hostId: spec?.hostId, version: spec?.version },
  };
}

/**
 * A database's labels as Teleport matches them against `db_labels`: static labels and its dynamic
 * labels' results (api/types/database.go `GetAllLabels`).
 */
export function databaseLabels(database: DatabaseV3): Record<string, string> {
  return combineLabels(
    database.metadata?.labels as Record<string, string> | undefined,
    database.spec?.dynamicLabels,
  );
}

/** A database URI without credentials (see ../uri.ts). */
export const databaseAddress = addressWithoutCredentials;

type Aws = NonNullable<NonNullable<DatabaseV3['spec']>['aws']>;

/**
 * The AWS facts Teleport uses for a database: what the agent discovered (status) when it holds
 * any, else what the spec says (api/types/database.go `GetAWS`).
 */
export function databaseAws(database: DatabaseV3): Aws | undefined {
  const discovered = database.status?.aws;
  const hasAny = (aws: Aws | undefined) =>
    !!aws &&
    !!(
      aws.region ||
      aws.accountId ||
      aws.rds?.instanceId ||
      aws.rds?.clusterId ||
      aws.rds?.resourceId ||
      aws.rds?.iamAuth ||
      aws.redshift?.clusterId
    );
  return hasAny(discovered) ? discovered : database.spec?.aws;
}

/**
 * One database, however many agents serve it, keyed by its name (unique in Teleport). The URI is
 * kept as `address` without credentials, in the properties and in the raw data alike.
 */
export function createDatabaseEntity({ resource: database, agents }: Served<DatabaseV3>): Entity {
  const name = database.metadata?.name ?? '';
  const address = databaseAddress(database.spec?.uri);
  const aws = databaseAws(database);
  return createIntegrationEntity({
    entityData: {
      source: { ...database, spec: { ...database.spec, uri: address } },
      assign: {
        _key: keyOf(Entities.DATABASE, name),
        _type: Entities.DATABASE._type,
        _class: Entities.DATABASE._class,
        name,
        displayName: name,
        ...agentProperties(agents),
        ...definedOnly({
          description: nonEmptyString(database.metadata?.description),
          protocol: nonEmptyString(database.spec?.protocol),
          uri: address,
          awsAccountId: nonEmptyString(aws?.accountId),
          awsRegion: nonEmptyString(aws?.region),
          rdsInstanceId: nonEmptyString(aws?.rds?.instanceId),
          rdsClusterId: nonEmptyString(aws?.rds?.clusterId),
          rdsResourceId: nonEmptyString(aws?.rds?.resourceId),
          rdsIamAuth: aws?.rds?.iamAuth === true ? true : undefined,
          redshiftClusterId: nonEmptyString(aws?.redshift?.clusterId),
          dynamicLabelKeys: dynamicLabelKeys(database.spec?.dynamicLabels),
          ...labelProperties(databaseLabels(database)),
        }),
      },
    },
  });
}
