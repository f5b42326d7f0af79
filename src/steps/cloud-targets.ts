/**
 * Teleport resources that are cloud resources another JupiterOne integration records: how each is
 * matched to that integration's entity, and the mapped relationship (`IS`) that says so.
 * JupiterOne's mapper resolves the target from the filter; `skipTargetCreation` keeps it from
 * inventing an entity where the cloud integration has none (not installed, another account).
 *
 * Each target follows what the other integration writes, from its source where it is public
 * (JupiterOne/graph-google-cloud, JupiterOne/graph-azure) and from JupiterOne's published mapping
 * rules where it is not (JupiterOne's AWS integration is closed source): docs/architecture.md
 * lists each one with its source. A filter that cannot be built exactly from what Teleport
 * reports is not built: no mapping is better than a wrong one.
 */
import {
  createMappedRelationship,
  type MappedRelationship,
  type StepMappedRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';
import { CloudTypes, type CloudType } from './constants';

export interface CloudTarget {
  /** The other integration's entity type. */
  _type: CloudType;
  /** The properties the mapper matches on, with `_type`: what the other integration writes. */
  filter: Record<string, string>;
}

/**
 * The ARN partition of an AWS region: `aws-cn` for China, `aws-us-gov` for GovCloud, `aws` for the
 * rest (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
 */
export function awsPartition(region: string): string {
  if (region.startsWith('cn-')) {
    return 'aws-cn';
  }
  return region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

function arn(service: string, region: string, accountId: string, resource: string): string {
  return `arn:${awsPartition(region)}:${service}:${region}:${accountId}:${resource}`;
}

/** The named parts, when every one of them is present and non-empty; otherwise undefined. */
function all<K extends string>(
  parts: Partial<Record<K, string>>,
  ...names: K[]
): Record<K, string> | undefined {
  return names.every((name) => !!parts[name]) ? (parts as Record<K, string>) : undefined;
}

/** The target of that type whose filter `filter` builds from the parts, when they are all known. */
function whenKnown<P>(
  type: CloudType,
  parts: P | undefined,
  filter: (parts: P) => Record<string, string>,
): CloudTarget | undefined {
  return parts ? { _type: type, filter: filter(parts) } : undefined;
}

/** An AWS resource by its ARN, when its account, region and id are all known. */
function byArn(
  type: CloudType,
  service: string,
  resource: (id: string) => string,
  { accountId, region, id }: { accountId?: string; region?: string; id?: string },
): CloudTarget | undefined {
  return accountId && region && id
    ? { _type: type, filter: { _key: arn(service, region, accountId, resource(id)) } }
    : undefined;
}

interface AwsParts {
  accountId?: string;
  region?: string;
}

export const cloudTargets = {
  /**
   * An EC2 instance. JupiterOne's AWS integration keys `aws_instance` by the instance ARN,
   * `arn:aws:ec2:<region>:<account>:instance/<id>`, and writes `instanceId` on it: graph-qualys maps
   * to it on `_type` and `_key` with that ARN (src/steps/vmdr/converters.ts
   * `createServiceScansEC2HostAssetRelationship`, `getEC2HostAssetArn`), JupiterOne's published
   * mapping rules match it on `instanceId` (`aws_ecs_container_instance <-RUNS- aws_instance`).
   * The ARN needs the region, which only some nodes report (the agent's heartbeat carries the
   * account and instance id alone: lib/inventory/metadata/metadata.go `fetchCloudMetadata`); without
   * it the target is matched on the instance id, which EC2 never reuses.
   */
  ec2Instance(parts: AwsParts & { instanceId?: string }): CloudTarget | undefined {
    const byId = parts.instanceId
      ? { _type: CloudTypes.AWS_INSTANCE, filter: { instanceId: parts.instanceId } }
      : undefined;
    return (
      byArn(CloudTypes.AWS_INSTANCE, 'ec2', (id) => `instance/${id}`, {
        ...parts,
        id: parts.instanceId,
      }) ?? byId
    );
  },

  /**
   * An RDS DB instance by its ARN, `arn:aws:rds:<region>:<account>:db:<identifier>`: JupiterOne's
   * AWS entities are keyed by ARN (graph-qualys, above; JupiterOne's published mapping rules match
   * AWS resources on `_key = source.ec2InstanceArn` and `_key = source.resourceArn`). The AWS
   * integration's source is not public, so the exact key of this type could not be read.
   */
  rdsInstance: (parts: AwsParts & { instanceId?: string }): CloudTarget | undefined =>
    byArn(CloudTypes.AWS_DB_INSTANCE, 'rds', (id) => `db:${id}`, {
      ...parts,
      id: parts.instanceId,
    }),

  /** An Aurora (RDS) DB cluster by its ARN, `arn:aws:rds:<region>:<account>:cluster:<identifier>`. */
  rdsCluster: (parts: AwsParts & { clusterId?: string }): CloudTarget | undefined =>
    byArn(CloudTypes.AWS_RDS_CLUSTER, 'rds', (id) => `cluster:${id}`, {
      ...parts,
      id: parts.clusterId,
    }),

  /** An EKS cluster by its ARN, `arn:aws:eks:<region>:<account>:cluster/<name>`. */
  eksCluster: (parts: AwsParts & { name?: string }): CloudTarget | undefined =>
    byArn(CloudTypes.AWS_EKS_CLUSTER, 'eks', (id) => `cluster/${id}`, { ...parts, id: parts.name }),

  /**
   * A Compute Engine instance by its `selfLink`, which graph-google-cloud uses as `_key`
   * (src/steps/compute/converters.ts `createComputeInstanceEntity`).
   */
  gceInstance: (parts: { projectId?: string; zone?: string; name?: string }) =>
    whenKnown(CloudTypes.GOOGLE_COMPUTE_INSTANCE, all(parts, 'projectId', 'zone', 'name'), (p) => ({
      _key: `https://www.googleapis.com/compute/v1/projects/${p.projectId}/zones/${p.zone}/instances/${p.name}`,
    })),

  /**
   * A GKE cluster. graph-google-cloud keys it by GKE's own cluster id, which Teleport does not
   * know, and records no project; its `webLink` holds location, name and project, built by
   * `getGoogleCloudConsoleWebLink` (src/utils/url.ts) in `createContainerClusterEntity`
   * (src/steps/containers/converters.ts), so that is what the filter matches.
   */
  gkeCluster: (parts: { projectId?: string; location?: string; name?: string }) =>
    whenKnown(
      CloudTypes.GOOGLE_CONTAINER_CLUSTER,
      all(parts, 'projectId', 'location', 'name'),
      (p) => ({
        webLink: `https://console.cloud.google.com${encodeURI(
          `/kubernetes/clusters/details/${p.location}/${p.name}/details?folder=&organizationId=&project=${p.projectId}`,
        )}`,
      }),
    ),

  /**
   * A Cloud SQL instance by its `selfLink`, graph-google-cloud's `_key`
   * (src/steps/sql-admin/converters.ts `createPostgresInstanceEntity`, `createMySQLInstanceEntity`),
   * of the type its engine gives. Teleport proxies Cloud SQL for PostgreSQL and MySQL.
   */
  cloudSqlInstance(parts: {
    protocol?: string;
    projectId?: string;
    instanceId?: string;
  }): CloudTarget | undefined {
    const type =
      parts.protocol === 'postgres'
        ? CloudTypes.GOOGLE_SQL_POSTGRES_INSTANCE
        : parts.protocol === 'mysql'
          ? CloudTypes.GOOGLE_SQL_MYSQL_INSTANCE
          : undefined;
    return type
      ? whenKnown(type, all(parts, 'projectId', 'instanceId'), (p) => ({
          _key: `https://www.googleapis.com/sql/v1beta4/projects/${p.projectId}/instances/${p.instanceId}`,
        }))
      : undefined;
  },

  /**
   * An Azure virtual machine by its VM id (a GUID): graph-azure writes it as `vmId` on `azure_vm`
   * (src/steps/resource-manager/compute/converters.ts `createVirtualMachineEntity`). Its `_key`,
   * the lower-cased resource id, needs the VM's name, which Teleport's labels do not carry.
   */
  azureVm(vmId: string | undefined): CloudTarget | undefined {
    return vmId ? { _type: CloudTypes.AZURE_VM, filter: { vmId } } : undefined;
  },
};

/**
 * The mapped relationship saying the Teleport entity `sourceKey` IS the target. Its key names the
 * target by its filter, so it is stable across runs; the target is never created.
 */
export function createCloudMappedRelationship(
  metadata: StepMappedRelationshipMetadata,
  sourceKey: string,
  target: CloudTarget,
): MappedRelationship {
  const names = Object.keys(target.filter).sort();
  const targetName =
    names.length === 1 && names[0] === '_key'
      ? target.filter._key
      : `${target._type}:${names.map((name) => `${name}=${target.filter[name]}`).join(',')}`;
  return createMappedRelationship({
    _class: metadata._class,
    _type: metadata._type,
    _key: `${sourceKey}|${metadata._class.toLowerCase()}|${targetName}`,
    _mapping: {
      relationshipDirection: metadata.direction,
      sourceEntityKey: sourceKey,
      targetFilterKeys: [['_type', ...names]],
      targetEntity: { _type: target._type, ...target.filter },
      skipTargetCreation: true,
    },
  });
}

/**
 * The mapped relationships for one Teleport entity: one per target found, each with the metadata
 * declared for its target type (a target whose type the step did not declare is a bug).
 */
export function cloudMappedRelationships(
  declared: readonly StepMappedRelationshipMetadata[],
  sourceKey: string,
  targets: (CloudTarget | undefined)[],
): MappedRelationship[] {
  return targets
    .filter((target): target is CloudTarget => target !== undefined)
    .map((target) => {
      const metadata = declared.find((candidate) => candidate.targetType === target._type);
      if (!metadata) {
        throw new Error(`No mapped relationship to ${target._type} is declared for ${sourceKey}`);
      }
      return createCloudMappedRelationship(metadata, sourceKey, target);
    });
}
