/**
 * Standing access alone, over the `large-access` benchmark cluster (standin/data/scenarios.ts):
 * its 1,000 roles and 12,000 resources as the steps hand them on, and its 50,000 users with their
 * own roles plus the roles and traits granted by the lists they are direct members of (an
 * approximation of effective roles: membership requirements and nested lists are left out). A
 * quick loop for the evaluator's cost; `npm run bench` remains the measure of a collection.
 *
 *   node --require ts-node/register/transpile-only bench/standing-access.ts [--users 50000]
 *     [--repeat 1]
 * Node's own flags go before --require: --cpu-prof for a profile, --expose-gc to also print
 * what the evaluator and its catalog keep in memory.
 */
import {
  ResourceCatalog,
  StandingAccessEvaluator,
  type Resource,
  type Traits,
  type UserRoles,
} from '../src/evaluators/access';
import { scenarioData } from '../standin/data/scenarios';
import { accessRoleOf } from '../src/steps/roles/converters';
import { nodeLabels } from '../src/steps/nodes/converters';
import { databaseAccess, unwrapDatabaseServer } from '../src/steps/databases/converters';
import { kubeClusterLabels, unwrapKubeServer } from '../src/steps/kubernetes-clusters/converters';
import { desktopLabels, unwrapWindowsDesktop } from '../src/steps/windows-desktops/converters';
import { userFactsOf } from '../src/steps/users/converters';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const data = scenarioData('large-access');
const roles = data.roles.map(accessRoleOf);
const byName = new Map(roles.map((role) => [role.name, role]));

const resources: Resource[] = [
  ...(data.nodes ?? []).map((node) => ({
    kind: 'node' as const,
    name: node.metadata?.name ?? '',
    labels: nodeLabels(node),
  })),
  ...(data.kubeServers ?? []).flatMap((server) => {
    const { resource } = unwrapKubeServer(server);
    if (!resource) return [];
    return {
      kind: 'kube_cluster' as const,
      name: resource.metadata?.name ?? '',
      labels: kubeClusterLabels(resource),
    };
  }),
  ...(data.databaseServers ?? []).flatMap((server) => {
    const { resource } = unwrapDatabaseServer(server);
    return resource ? [{ kind: 'db' as const, ...databaseAccess(resource) }] : [];
  }),
  ...(data.windowsDesktops ?? []).flatMap((desktop) => {
    const { resource } = unwrapWindowsDesktop(desktop);
    if (!resource) return [];
    return {
      kind: 'windows_desktop' as const,
      name: resource.header?.metadata?.name ?? '',
      labels: desktopLabels(resource),
    };
  }),
];

// What each list grants, and the lists each user is a direct member of.
const grants = new Map(
  data.accessLists.map((list) => [
    list.header?.metadata?.name ?? '',
    { roles: list.spec?.grants?.roles ?? [], traits: list.spec?.grants?.traits ?? [] },
  ]),
);
const listsOf = new Map<string, string[]>();
for (const member of data.members) {
  if (member.spec?.membershipKind !== 'MEMBERSHIP_KIND_USER') continue;
  const user = member.spec.name ?? '';
  const lists = listsOf.get(user) ?? [];
  lists.push(member.spec.accessList ?? '');
  listsOf.set(user, lists);
}
const users: UserRoles[] = data.users
  .slice(0, Number(option('users', String(data.users.length))))
  .map((user) => {
    const facts = userFactsOf(user);
    const roleNames = [...facts.roles];
    const traits: Record<string, string[]> = Object.fromEntries(
      Object.entries(facts.traits).map(([key, values]) => [key, [...values]]),
    );
    for (const list of listsOf.get(facts.name) ?? []) {
      const granted = grants.get(list);
      for (const role of granted?.roles ?? []) if (!roleNames.includes(role)) roleNames.push(role);
      for (const { key = '', values = [] } of granted?.traits ?? []) {
        traits[key] = [...new Set([...(traits[key] ?? []), ...values])];
      }
    }
    return {
      name: facts.name,
      roles: roleNames.flatMap((name) => byName.get(name) ?? []),
      traits: traits as Traits,
    };
  });

const partitionsOf = (catalog: ResourceCatalog) =>
  [...catalog.byKind.values()].reduce((sum, kind) => sum + kind.partitionsComputed, 0);
const selectorKeys = { env: 'prod', team: 'payments', region: 'eu-west-1' } as const;
console.log(
  `large-access: ${roles.length} roles, ${resources.length} resources, ${users.length} users ` +
    `(${(users.reduce((sum, user) => sum + user.roles.length, 0) / users.length).toFixed(1)} roles each)`,
);
for (let run = 0; run < Number(option('repeat', '1')); run += 1) {
  const start = process.hrtime.bigint();
  let catalog: ResourceCatalog | undefined = new ResourceCatalog(resources);
  const selected = new Set<number>();
  catalog.resources.forEach((resource, position) => {
    if (Object.entries(selectorKeys).every(([key, value]) => resource.labels[key] === value)) {
      selected.add(position);
    }
  });
  let evaluator: StandingAccessEvaluator | undefined = new StandingAccessEvaluator(catalog, {
    selected,
    maxExact: 50_000,
  });
  let reached = 0;
  for (const user of users) {
    for (const kind of Object.values(evaluator.add(user).byKind)) reached += kind.reached;
  }
  const result = evaluator.result();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    `${ms.toFixed(0).padStart(7)} ms  ${((ms * 1000) / users.length).toFixed(1)} µs a user; ` +
      `${result.evaluations} kind evaluations, ${partitionsOf(catalog)} partitions, ${selected.size} selected, ` +
      `${reached} reached, ${result.exactTotal} exact answers`,
  );
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    // What the evaluator and its catalog keep with every user added (run with --expose-gc): the
    // heap with them, less the heap once they are dropped.
    gc();
    const withThem = process.memoryUsage().heapUsed;
    evaluator = undefined;
    catalog = undefined;
    gc();
    const kept = withThem - process.memoryUsage().heapUsed;
    console.log(
      `        kept by the evaluator and its catalog: ${(kept / 2 ** 20).toFixed(0)} MiB`,
    );
  }
}
