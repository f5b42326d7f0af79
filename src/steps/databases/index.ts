import { RPCS } from '../../teleport';
import { MappedRelationships } from '../constants';
import { defineResourceKindStep } from '../step';
import {
  createDatabaseEntity,
  databaseAccess,
  databaseCloudTargets,
  unwrapDatabaseServer,
} from './converters';

export const databaseSteps = [
  defineResourceKindStep({
    kind: 'db',
    name: 'Fetch databases',
    featureSwitch: 'ingestDatabases',
    noun: 'databases',
    // One record per agent; one entity per database name.
    listing: RPCS.listDatabaseServers,
    served: unwrapDatabaseServer,
    convert: createDatabaseEntity,
    access: ({ resource }) => databaseAccess(resource),
    // The RDS instance or Aurora cluster, or the Cloud SQL instance, the database is.
    mappedRelationships: [
      MappedRelationships.DATABASE_IS_AWS_DB_INSTANCE,
      MappedRelationships.DATABASE_IS_AWS_RDS_CLUSTER,
      MappedRelationships.DATABASE_IS_GOOGLE_SQL_POSTGRES_INSTANCE,
      MappedRelationships.DATABASE_IS_GOOGLE_SQL_MYSQL_INSTANCE,
    ],
    cloudTargets: ({ resource }) => databaseCloudTargets(resource),
  }),
];
