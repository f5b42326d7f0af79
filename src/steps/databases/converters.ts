import type { Entity } from '@jupiterone/integration-sdk-core';
import type { DatabaseServerV3, DatabaseV3 } from '../../teleport';
import { definedOnly, nonEmptyString, namedEntity } from '../graph-values';
import type { Resource as AccessResource } from '../../evaluators/access';
import { allLabels, dynamicLabelKeys, labelProperties } from '../labels';
import { agentProperties, servedBy, type Served, type ServedRecord } from '../served';
import { Entities } from '../constants';
import { cloudTargets, type CloudTarget } from '../cloud-targets';
import { addressWithoutCredentials } from '../uri';

/** A database agent's record split into the database it serves and the agent itself. */
export const unwrapDatabaseServer = (server: DatabaseServerV3): ServedRecord<DatabaseV3> =>
  servedBy(server.spec, server.spec?.database);

/**
 * A database's labels as Teleport matches them against `db_labels`: static labels and its dynamic
 * labels' results (api/types/database.go `GetAllLabels`).
 */
export const databaseLabels = (database: DatabaseV3) => allLabels(database);

/**
 * What access evaluation needs of a database. CockroachDB compares database users
 * case-insensitively (api/types/database.go `IsUsernameCaseInsensitive`). The other database facts
 * the evaluator knows (IAM role users, auto-provisioning) are not derived here.
 */
export function databaseAccess(database: DatabaseV3): Omit<AccessResource, 'kind'> {
  return {
    name: database.metadata?.name ?? '',
    labels: databaseLabels(database),
    ...(database.spec?.protocol === 'cockroachdb' ? { db: { caseInsensitiveUsers: true } } : {}),
  };
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
 * The cloud database the Teleport database is, as JupiterOne's cloud integrations record it: an RDS
 * instance when the AWS facts name one (an Aurora member instance names its cluster too, but is the
 * instance), else the Aurora cluster they name; a Cloud SQL instance for the GCP facts
 * (api/types/database.go `GetAWS`, `GetGCP`, `getAWSType`, `getGCPType`).
 */
export function databaseCloudTargets(database: DatabaseV3): CloudTarget[] {
  const aws = databaseAws(database);
  const rds = { accountId: aws?.accountId, region: aws?.region };
  const gcp = database.spec?.gcp;
  return [
    nonEmptyString(aws?.rds?.instanceId)
      ? cloudTargets.rdsInstance({ ...rds, instanceId: aws?.rds?.instanceId })
      : cloudTargets.rdsCluster({ ...rds, clusterId: aws?.rds?.clusterId }),
    cloudTargets.cloudSqlInstance({
      protocol: database.spec?.protocol,
      projectId: gcp?.projectId,
      instanceId: gcp?.instanceId,
    }),
  ].filter((target): target is CloudTarget => target !== undefined);
}

/**
 * One database, however many agents serve it, keyed by its name (unique in Teleport). The URI is
 * kept as `address` without credentials, in the properties and in the raw data alike.
 */
export function createDatabaseEntity({ resource: database, agents }: Served<DatabaseV3>): Entity {
  const name = database.metadata?.name ?? '';
  const address = databaseAddress(database.spec?.uri);
  const aws = databaseAws(database);
  return namedEntity(
    Entities.DATABASE,
    name,
    { ...database, spec: { ...database.spec, uri: address } },
    {
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
        gcpProjectId: nonEmptyString(database.spec?.gcp?.projectId),
        cloudSqlInstanceId: nonEmptyString(database.spec?.gcp?.instanceId),
        dynamicLabelKeys: dynamicLabelKeys(database.spec?.dynamicLabels),
        ...labelProperties(databaseLabels(database)),
      }),
    },
  );
}
