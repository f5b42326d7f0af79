/**
 * Resources Teleport lists through the agents that serve them (`db_server`, `app_server`,
 * `kube_server`): ListResources returns one record per agent, so a resource that several agents
 * serve (high availability) arrives once per agent, each record wrapping its own copy of it. The
 * steps write one entity per resource name, with the agents that serve it.
 */
import type { Each, ListingSpec, TeleportClient } from '../teleport';
import { definedOnly, nonEmpty } from './graph-values';

/** The agent half of a record: who serves the resource. */
export interface Agent {
  hostname?: string;
  hostId?: string;
  version?: string;
}

export interface Served<Resource> {
  /** The resource as the first agent listed describes it. */
  resource: Resource;
  /** Each agent serving it once (by host UUID, else hostname), in the order listed. */
  agents: Agent[];
}

/** One agent's record: the resource it serves (absent when it sent none), and the agent. */
export interface ServedRecord<Resource> {
  resource?: Resource;
  agent: Agent;
}

/**
 * The record of an agent whose spec says who it is (`hostname`, `host_id`, `version`: the
 * db_server, app_server and kube_server specs) and wraps the resource it serves.
 */
export function servedBy<Resource>(
  spec: { hostname?: string; hostId?: string; version?: string } | undefined,
  resource: Resource | undefined,
): ServedRecord<Resource> {
  return {
    resource,
    agent: { hostname: spec?.hostname, hostId: spec?.hostId, version: spec?.version },
  };
}

interface Named {
  metadata?: { name?: string };
}

/**
 * Gathers the records by the wrapped resource's name. A record without a resource (an agent
 * that sent none) or without a name is skipped; an agent listed again (a page repeated after a
 * retry) is counted once.
 */
export function groupServed<Resource>(
  records: Iterable<ServedRecord<Resource>>,
  nameOf: (resource: Resource) => string | undefined = (resource) =>
    (resource as Named).metadata?.name,
): Served<Resource>[] {
  const byName = new Map<string, Served<Resource> & { agentIds: Set<string> }>();
  for (const { resource, agent } of records) {
    const name = resource && nameOf(resource);
    if (!resource || !name) {
      continue;
    }
    let served = byName.get(name);
    if (!served) {
      served = { resource, agents: [], agentIds: new Set() };
      byName.set(name, served);
    }
    const agentId = agent.hostId || agent.hostname || '';
    if (!served.agentIds.has(agentId)) {
      served.agentIds.add(agentId);
      served.agents.push(agent);
    }
  }
  return [...byName.values()].map(({ resource, agents }) => ({ resource, agents }));
}

/**
 * Lists every record, then hands on one `Served` per resource name. The records of a resource may
 * be on different pages, so the grouping waits for the whole listing: memory grows with the
 * number of these resources (not with users or roles).
 */
export async function listServed<Listed, Resource>(
  client: TeleportClient,
  listing: ListingSpec<Listed>,
  unwrap: (record: Listed) => ServedRecord<Resource> | undefined,
  each: Each<Served<Resource>>,
  nameOf?: (resource: Resource) => string | undefined,
): Promise<unknown> {
  const records: ServedRecord<Resource>[] = [];
  const source = await client.list(listing, (record) => {
    const unwrapped = unwrap(record);
    if (unwrapped) {
      records.push(unwrapped);
    }
  });
  for (const served of groupServed(records, nameOf)) {
    await each(served);
  }
  return source;
}

/** What the entity says of the agents: how many, and their hostnames and Teleport versions. */
export function agentProperties(agents: Agent[]): Record<string, number | string[] | undefined> {
  const distinct = (values: (string | undefined)[]) =>
    nonEmpty([...new Set(values.filter((value): value is string => !!value))].sort());
  return {
    agentCount: agents.length,
    ...definedOnly({
      agentHostnames: distinct(agents.map((agent) => agent.hostname)),
      agentVersions: distinct(agents.map((agent) => agent.version)),
    }),
  };
}
