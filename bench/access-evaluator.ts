/**
 * How long the access evaluator takes on a synthetic cluster (test/evaluators/access/
 * synthetic-cluster.ts): 1,000 roles, 10,000 nodes and 2,000 other resources by default.
 *
 *   (a) one role set of 200 roles over every resource;
 *   (b) 500 distinct role sets (1 to 6 roles of the 1,000, one of 50 trait profiles) over every
 *       resource.
 *
 *   node --require ts-node/register/transpile-only bench/access-evaluator.ts \
 *     [--path per-resource|catalog|all] [--sets 500] [--nodes 10000] [--others 2000] [--seed 1]
 *
 * `per-resource` calls `evaluate(resource)` for each resource (the straightforward path);
 * `catalog` evaluates against a ResourceCatalog built once (the path the integration takes).
 * Timings are wall-clock, after one untimed warm-up of each path on a small slice.
 */
import { AccessEvaluator, Resource, ResourceCatalog, Role, Traits } from '../src/evaluators/access';
import { makeCluster, makeTraits, picker } from '../test/evaluators/access/synthetic-cluster';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const seed = Number(option('seed', '1'));
const setCount = Number(option('sets', '500'));
const nodes = Number(option('nodes', '10000'));
const others = Number(option('others', '2000'));
const which = option('path', 'all');

const cluster = makeCluster(seed, 1000, nodes, others);
const p = picker(seed + 1);
const profiles: Traits[] = Array.from({ length: 50 }, () => makeTraits(p));
const bigSet: Role[] = cluster.roles.slice(0, 200);
const sets: { roles: Role[]; traits: Traits }[] = [];
const seen = new Set<string>();
while (sets.length < setCount) {
  const roles = p.some(cluster.roles, 1, 6);
  const traits = p.pick(profiles);
  const key = `${roles.map((role) => role.name).join(',')}|${profiles.indexOf(traits)}`;
  if (seen.has(key)) continue;
  seen.add(key);
  sets.push({ roles, traits });
}

type Path = (roles: Role[], traits: Traits, resources: Resource[]) => number;

/** Returns how many resources were allowed, so the work cannot be optimised away. */
const perResource: Path = (roles, traits, resources) => {
  const evaluator = new AccessEvaluator(roles, traits);
  let allowed = 0;
  for (const resource of resources) if (evaluator.evaluate(resource).allowed) allowed++;
  return allowed;
};

/** The catalog is built once per run of the path (its cost is in the figure), then shared. */
let catalog: { of: Resource[]; catalog: ResourceCatalog } | undefined;
const catalogPath: Path = (roles, traits, resources) => {
  if (catalog?.of !== resources)
    catalog = { of: resources, catalog: new ResourceCatalog(resources) };
  let allowed = 0;
  for (const result of new AccessEvaluator(roles, traits).evaluateAll(catalog.catalog)) {
    if (result.allowed) allowed++;
  }
  return allowed;
};

/** The same, leaving out the resources no role's labels reach (all `denied`, no role). */
const reachedPath: Path = (roles, traits, resources) => {
  if (catalog?.of !== resources)
    catalog = { of: resources, catalog: new ResourceCatalog(resources) };
  let allowed = 0;
  const evaluator = new AccessEvaluator(roles, traits);
  for (const result of evaluator.evaluateAll(catalog.catalog, { onlyReached: true })) {
    if (result.allowed) allowed++;
  }
  return allowed;
};

const paths: Record<string, Path> = {
  'per-resource': perResource,
  catalog: catalogPath,
  'catalog, only reached': reachedPath,
};

function time(label: string, run: () => number): void {
  const start = process.hrtime.bigint();
  const allowed = run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${label.padEnd(52)} ${ms.toFixed(0).padStart(8)} ms   (${allowed} allowed)`);
}

console.log(
  `cluster: ${cluster.roles.length} roles, ${nodes} nodes, ${others} other resources; ` +
    `(a) 1 set of ${bigSet.length} roles; (b) ${sets.length} sets, 50 trait profiles`,
);
for (const [name, run] of Object.entries(paths)) {
  if (which !== 'all' && !name.startsWith(which)) continue;
  run(bigSet.slice(0, 20), profiles[0] as Traits, cluster.resources.slice(0, 500));
  // Each measurement starts from a fresh catalog, so (b) does not profit from (a).
  catalog = undefined;
  time(`${name}: (a) one role set over all resources`, () =>
    run(bigSet, profiles[0] as Traits, cluster.resources),
  );
  catalog = undefined;
  time(`${name}: (b) ${sets.length} role sets over all resources`, () =>
    sets.reduce((sum, set) => sum + run(set.roles, set.traits, cluster.resources), 0),
  );
}
