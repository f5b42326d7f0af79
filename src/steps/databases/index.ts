import { RPCS } from '../../teleport';
import { defineAccountResourceStep } from '../step';
import { Entities, MappedRelationships, Relationships, Steps } from '../constants';
import { jobData } from '../job-data';
import { listServed } from '../served';
import {
  createDatabaseEntity,
  databaseCloudTargets,
  databaseLabels,
  unwrapDatabaseServer,
} from './converters';

export const databaseSteps = [
  defineAccountResourceStep({
    id: Steps.DATABASES,
    name: 'Fetch databases',
    entity: Entities.DATABASE,
    accountHas: Relationships.ACCOUNT_HAS_DATABASE,
    // `list` and `read` on db_server, and db_labels '*': '*' in the reader role: Teleport returns
    // only the databases the caller's own roles reach (lib/auth/auth_with_roles.go ListResources,
    // resourceChecker.CanAccess on the served database).
    permission: { resources: ['db_server'], verbs: ['list', 'read'] },
    featureSwitch: 'ingestDatabases',
    switchedOffListsNothing: true,
    noun: 'databases',
    // One record per agent; one entity per database name.
    list: (client, each) =>
      listServed(
        client,
        RPCS.listDatabaseServers,
        (resource) => resource.databaseServer && unwrapDatabaseServer(resource.databaseServer),
        each,
      ),
    convert: createDatabaseEntity,
    // The RDS instance or Aurora cluster, or the Cloud SQL instance, the database is.
    mappedRelationships: [
      MappedRelationships.DATABASE_IS_AWS_DB_INSTANCE,
      MappedRelationships.DATABASE_IS_AWS_RDS_CLUSTER,
      MappedRelationships.DATABASE_IS_GOOGLE_SQL_POSTGRES_INSTANCE,
      MappedRelationships.DATABASE_IS_GOOGLE_SQL_MYSQL_INSTANCE,
    ],
    cloudTargets: ({ resource }) => databaseCloudTargets(resource),
    handOver: {
      pick: ({ resource: database }) => ({
        kind: 'db' as const,
        name: database.metadata?.name ?? '',
        labels: databaseLabels(database),
        // CockroachDB compares database users case-insensitively
        // (api/types/database.go IsUsernameCaseInsensitive). The other database facts the
        // evaluator knows (IAM role users, auto-provisioning) are not derived here.
        ...(database.spec?.protocol === 'cockroachdb'
          ? { db: { caseInsensitiveUsers: true } }
          : {}),
      }),
      store: (jobState, resources) => jobData.setResources(jobState, 'db', resources),
    },
  }),
];
