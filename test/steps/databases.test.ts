import { describe, expect, it } from 'vitest';
import { Steps } from '../../src/steps/constants';
import {
  createDatabaseEntity,
  databaseAddress,
  databaseCloudTargets,
  databaseAws,
  databaseLabels,
  unwrapDatabaseServer,
} from '../../src/steps/databases/converters';
import { groupServed } from '../../src/steps/served';
import type { DatabaseServerV3, DatabaseV3 } from '../../src/teleport';
import { listedResourceTypes, useStepRun } from '../harness/step-run';
import { decodeAs, embedded, field, message } from '../helpers/protobuf-wire';
import { expectGraph } from '../helpers/graph-matchers';

function database(
  name: string,
  labels: Record<string, string> = {},
  spec: DatabaseV3['spec'] = {},
  status: DatabaseV3['status'] = {},
): DatabaseV3 {
  return {
    kind: 'db',
    metadata: { name, labels },
    spec: { protocol: 'postgres', ...spec },
    status,
  };
}

function server(hostname: string, hostId: string, served?: DatabaseV3): DatabaseServerV3 {
  return { kind: 'db_server', spec: { hostname, hostId, version: '17.4.8', database: served } };
}

describe('databaseLabels (api/types/database.go GetAllLabels)', () => {
  it.each([
    ['static labels as they are', database('d', { env: 'prod' }), { env: 'prod' }],
    [
      'a dynamic label overrides a static label of its key with its last result',
      database('d', { role: 'stale' }, { dynamicLabels: { role: { result: 'primary' } } }),
      { role: 'primary' },
    ],
  ])('%s', (_name, input, expected) => {
    expect(databaseLabels(input)).toEqual(expected);
  });
});

describe('databaseAddress: the URI without credentials', () => {
  it.each([
    ['host and port alone', 'orders.internal:5432', 'orders.internal:5432'],
    ['a scheme is kept', 'mongodb://mongo.internal:27017', 'mongodb://mongo.internal:27017'],
    [
      'user and password go',
      'postgres://app:s3cr3t@pg.internal:5432/orders',
      'postgres://pg.internal:5432',
    ],
    ['a user without a scheme goes', 'app:s3cr3t@pg.internal:5432', 'pg.internal:5432'],
    [
      'a password holding @ goes whole',
      'postgres://app:p@ss@pg.internal/db',
      'postgres://pg.internal',
    ],
    [
      'a password holding / goes whole',
      'postgres://app:pa/ss@pg.internal/db',
      'postgres://pg.internal',
    ],
    [
      'a password holding # or ? goes whole',
      'redis://:p#a?ss@cache.internal:6379',
      'redis://cache.internal:6379',
    ],
    [
      'a password in the query goes',
      'sqlserver://sql.internal:1433?password=s3cr3t',
      'sqlserver://sql.internal:1433',
    ],
    [
      'several hosts stay',
      'mongodb://u:p@m1:27017,m2:27017/?replicaSet=rs0',
      'mongodb://m1:27017,m2:27017',
    ],
    ['nothing left is no address', 'postgres://app:s3cr3t@', undefined],
    ['no URI is no address', '', undefined],
  ])('%s', (_name, uri, expected) => {
    expect(databaseAddress(uri)).toBe(expected);
  });
});

describe('databaseAws (api/types/database.go GetAWS)', () => {
  it.each([
    [
      'what the agent discovered wins',
      database('d', {}, { aws: { region: 'us-east-1' } }, { aws: { region: 'eu-west-1' } }),
      'eu-west-1',
    ],
    [
      'else the spec',
      database('d', {}, { aws: { region: 'us-east-1' } }, { aws: {} }),
      'us-east-1',
    ],
    ['none at all', database('d'), undefined],
  ])('%s', (_name, input, region) => {
    expect(databaseAws(input)?.region).toBe(region);
  });
});

describe('one database per name, however many agents serve it (groupServed)', () => {
  it('two agents serving one database (high availability) make one, with both agents', () => {
    const served = groupServed(
      [
        server('db-agent-a', 'id-a', database('orders')),
        server('db-agent-b', 'id-b', database('orders')),
      ].map(unwrapDatabaseServer),
    );
    expect(served).toHaveLength(1);
    expect(createDatabaseEntity(served[0]!)).toMatchObject({
      agentCount: 2,
      agentHostnames: ['db-agent-a', 'db-agent-b'],
    });
  });
});

describe('createDatabaseEntity', () => {
  it('describes the database by its name, with protocol, address, labels and RDS identifiers', () => {
    const entity = createDatabaseEntity({
      resource: database(
        'orders-prod',
        { env: 'prod' },
        {
          uri: 'postgres://teleport:s3cr3t@orders-prod.abc.eu-west-1.rds.amazonaws.com:5432/orders',
          dynamicLabels: { role: { result: 'primary' } },
          aws: {
            region: 'eu-west-1',
            accountId: '123456789012',
            rds: { instanceId: 'orders-prod', resourceId: 'db-ABCDEFGHIJKL', iamAuth: true },
          },
        },
      ),
      agents: [{ hostname: 'db-agent-a', hostId: 'id-a', version: '17.4.8' }],
    });
    expect(entity).toMatchObject({
      _key: 'teleport_database:orders-prod',
      _class: ['Database'],
      name: 'orders-prod',
      protocol: 'postgres',
      uri: 'postgres://orders-prod.abc.eu-west-1.rds.amazonaws.com:5432',
      awsAccountId: '123456789012',
      awsRegion: 'eu-west-1',
      rdsInstanceId: 'orders-prod',
      rdsResourceId: 'db-ABCDEFGHIJKL',
      rdsIamAuth: true,
      agentCount: 1,
      labels: ['env=prod', 'role=primary'],
      'labels.role': 'primary',
      dynamicLabelKeys: ['role'],
    });
    // Neither the properties nor the raw data keep the credentials.
    expect(JSON.stringify(entity)).not.toMatch(/s3cr3t|teleport:/);
    expectGraph([entity]).toMatchGraphObjectSchema({ _class: ['Database'] });
  });

  it('decodes the bytes Teleport sends: the database of a db_server record', () => {
    // PaginatedResource{ database_server(1): DatabaseServerV3{ spec(5){ hostname(7),
    //   database(12){ metadata(4){ name(1) }, spec(5){ protocol(1), uri(2) } } } } }
    const bytes = embedded(
      1,
      embedded(
        5,
        field(7, 'db-agent-a'),
        embedded(
          12,
          embedded(4, field(1, 'orders')),
          embedded(5, field(1, 'mysql'), field(2, 'u:pw@my.internal:3306')),
        ),
      ),
    );
    const resource = decodeAs<{ databaseServer?: DatabaseServerV3 }>(
      'proto.PaginatedResource',
      message(bytes),
    );
    const [served] = groupServed([unwrapDatabaseServer(resource.databaseServer!)]);
    const entity = createDatabaseEntity(served!);
    expect(entity).toMatchObject({ name: 'orders', protocol: 'mysql', uri: 'my.internal:3306' });
    expect(JSON.stringify(entity)).not.toContain('pw@');
  });

  it('decodes a Cloud SQL database: GCPCloudSQL is DatabaseSpecV3 field 6, and maps it', () => {
    // DatabaseV3{ metadata(4){ name(1) }, spec(5){ protocol(1), gcp(6){ project_id(1), instance_id(2) } } }
    const database = decodeAs<DatabaseV3>(
      'types.DatabaseV3',
      message(
        embedded(4, field(1, 'reports')),
        embedded(5, field(1, 'postgres'), embedded(6, field(1, 'acme-data'), field(2, 'reports'))),
      ),
    );
    expect(createDatabaseEntity({ resource: database, agents: [] })).toMatchObject({
      gcpProjectId: 'acme-data',
      cloudSqlInstanceId: 'reports',
    });
    expect(databaseCloudTargets(database)).toEqual([
      {
        _type: 'google_sql_postgres_instance',
        filter: {
          _key: 'https://www.googleapis.com/sql/v1beta4/projects/acme-data/instances/reports',
        },
      },
    ]);
  });
});

describe('the fetch-databases step, in-process against the stand-in', () => {
  const run = useStepRun(Steps.DATABASES);

  it('lists db servers with ListResources and writes each database once, owned by the account', () => {
    expect(listedResourceTypes(run)).toEqual(['db_server']);
    expect(run.ofType('teleport_database')).toHaveLength(5);
    expect(run.ofType('teleport_account_has_database')).toHaveLength(5);
    expect(run.entity('teleport_database', 'orders-prod')).toMatchObject({
      agentCount: 2,
      protocol: 'postgres',
      rdsInstanceId: 'orders-prod',
      awsAccountId: '123456789012',
    });
    expect(run.entity('teleport_database', 'analytics')).toMatchObject({
      rdsClusterId: 'analytics',
      'labels.role': 'writer',
    });
    expect(run.entity('teleport_database', 'ledger-staging')).toMatchObject({
      uri: 'postgres://ledger.staging.acme.internal:26257',
    });
    expect(JSON.stringify(run.ofType('teleport_database'))).not.toContain('s3cr3t');
    expect(run.entity('teleport_database', 'reports')).toMatchObject({
      gcpProjectId: 'acme-data',
      cloudSqlInstanceId: 'reports',
    });
  });

  it('maps each cloud database to the RDS or Cloud SQL resource it is', () => {
    const target = (type: string, _key: string) => ({ _type: type, _key });
    expect(run.mapped('teleport_database_is_aws_db_instance')).toEqual([
      {
        source: 'teleport_database:orders-prod',
        target: target('aws_db_instance', 'arn:aws:rds:eu-west-1:123456789012:db:orders-prod'),
      },
    ]);
    expect(run.mapped('teleport_database_is_aws_rds_cluster')).toEqual([
      {
        source: 'teleport_database:analytics',
        target: target('aws_rds_cluster', 'arn:aws:rds:eu-west-1:123456789012:cluster:analytics'),
      },
    ]);
    expect(run.mapped('teleport_database_is_google_sql_postgres_instance')).toEqual([
      {
        source: 'teleport_database:reports',
        target: target(
          'google_sql_postgres_instance',
          'https://www.googleapis.com/sql/v1beta4/projects/acme-data/instances/reports',
        ),
      },
    ]);
    expect(run.mapped('teleport_database_is_google_sql_mysql_instance')).toEqual([
      {
        source: 'teleport_database:billing',
        target: target(
          'google_sql_mysql_instance',
          'https://www.googleapis.com/sql/v1beta4/projects/acme-payments/instances/billing-mysql',
        ),
      },
    ]);
  });
});
