/**
 * `npm run bench`: how close collection comes to the speed of the wire.
 *
 * For each scenario a Teleport stand-in runs in its own process. Two measurements follow, over the
 * same mutual-TLS path through the ALPN-routing proxy:
 *   wire    – a bare grpc-js client pages through exactly the RPCs the integration uses, decoding
 *             every message and discarding it: the floor;
 *   collect – the compiled integration through the SDK runtime (`j1-integration collect`, schema
 *             validation off, as the image runs it) in a child process, whose peak RSS is its own.
 *
 *   npm run bench -- [--scenarios small,medium,large,large-fallback] [--json out.json] [--cpu-prof]
 *                    [--container-memory 1536Mi]
 *
 * --container-memory runs collect under the heap setting the image picks in a container with that
 * memory limit (docker/node-heap.sh, through bench/container-memory.ts), and says whether the peak
 * RSS stayed within the limit.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as grpc from '@grpc/grpc-js';
import { parseIdentityFile, type TeleportIdentity } from '../src/identity';
import { authHandshake, HandshakeDiagnostics } from '../src/teleport/auth-handshake';
import { TeleportChannelCredentials } from '../src/teleport/channel-credentials';
import { methodDefinition } from '../src/teleport/protos';
import { RPCS, pageRequest, type ListingSpec, type RpcSpec } from '../src/teleport/rpcs';
import { featureSwitches } from '../src/steps';
import { heapSettingFor, parseMemoryQuantity, type HeapSetting } from './container-memory';
import { summariseProfile } from './profile-summary';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'node_modules', '.bin', 'j1-integration');

interface Scenario {
  name: string;
  data: 'small' | 'medium' | 'large' | 'large-access';
  /** RPCs the stand-in lacks, so the per-list fallback is measured. */
  without: string[];
  /** Only the core graph of cluster, users, roles and access lists: the optional features off. */
  core?: boolean;
  /** Further settings, as environment variables. */
  settings?: Record<string, string>;
}

/** Settings that switch every optional feature the steps declare off, for the core-graph scenarios. */
const CORE_ONLY = Object.fromEntries(
  [...featureSwitches().keys()].map((name) => [
    name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(),
    'false',
  ]),
);

const SCENARIOS: Scenario[] = [
  { name: 'small', data: 'small', without: [] },
  { name: 'medium', data: 'medium', without: [] },
  { name: 'large', data: 'large', without: [] },
  {
    name: 'large-access',
    data: 'large-access',
    without: [],
    // Exact answers for one team's production resources in one region (about 1 in 36).
    settings: { EXACT_ACCESS_LABELS: 'env=prod,team=payments,region=eu-west-1' },
  },
  {
    // The same cluster with standing access off: what listing the resources costs on its own.
    name: 'large-resources',
    data: 'large-access',
    without: [],
    settings: { INGEST_ACCESS_PATHS: 'false' },
  },
  {
    name: 'large-fallback',
    data: 'large',
    without: ['ListAllAccessListMembers', 'ListAllAccessListReviews'],
  },
  { name: 'medium-core', data: 'medium', without: [], core: true },
  { name: 'large-core', data: 'large', without: [], core: true },
  {
    name: 'large-core-fallback',
    data: 'large',
    without: ['ListAllAccessListMembers', 'ListAllAccessListReviews'],
    core: true,
  },
];

const PER_LIST_CONCURRENCY = 8;

interface StandInProcess {
  child: ChildProcess;
  proxyAddress: string;
  identityFilePath: string;
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function startStandIn(scenario: Scenario, scratch: string): Promise<StandInProcess> {
  const identityFilePath = path.join(scratch, `identity-${scenario.name}`);
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=4096',
      '--require',
      'ts-node/register/transpile-only',
      path.join(ROOT, 'standin', 'cli.ts'),
      '--scenario',
      scenario.data,
      '--identity-out',
      identityFilePath,
      ...(scenario.without.length > 0 ? ['--without', scenario.without.join(',')] : []),
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the stand-in exited with ${String(code)}`)));
  });
  const ready = JSON.parse(first) as { proxyAddress: string };
  return { child, proxyAddress: ready.proxyAddress, identityFilePath };
}

function stopStandIn(standIn: StandInProcess): Promise<void> {
  return new Promise((resolve) => {
    standIn.child.once('exit', () => resolve());
    standIn.child.stdin!.end();
  });
}

/** The wire floor: the integration's RPCs, paged, decoded and discarded, through a bare grpc-js client. */
async function measureWire(
  identity: TeleportIdentity,
  proxyAddress: string,
  scenario: Scenario,
): Promise<{ seconds: number; messages: number }> {
  const diagnostics = new HandshakeDiagnostics();
  const credentials = new TeleportChannelCredentials((socket) =>
    authHandshake(socket, {
      identity,
      route: 'tls-routing',
      handshakeTimeoutMs: 15_000,
      diagnostics,
    }),
  );
  const client = new grpc.Client(`dns:${proxyAddress}`, credentials, {
    'grpc.max_receive_message_length': 256 * 1024 * 1024,
  });
  const call = <T>(spec: RpcSpec, request: object): Promise<T> => {
    const definition = methodDefinition(spec.service, spec.method);
    return new Promise((resolve, reject) =>
      client.makeUnaryRequest(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request,
        (error, response) => (error ? reject(error) : resolve(response as T)),
      ),
    );
  };
  let messages = 0;
  /** Pages through a listing from the client's table, counting and dropping what arrives. */
  const page = async <T>(
    spec: ListingSpec<T>,
    extra: Record<string, unknown> = {},
    each: (item: T) => void = () => undefined,
  ): Promise<void> => {
    let token = '';
    do {
      const response = await call<Record<string, unknown>>(
        spec,
        pageRequest(spec, spec.maxPageSize, token, extra),
      );
      const found = (response[spec.itemsField] as T[] | undefined) ?? [];
      messages += found.length;
      found.forEach(each);
      token = (response[spec.nextField] as string | undefined) ?? '';
    } while (token !== '');
  };
  /** Work per access list, as many at once as the integration runs. */
  const eachList = async (names: string[], work: (name: string) => Promise<unknown>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: PER_LIST_CONCURRENCY }, async () => {
        while (next < names.length) {
          const name = names[next]!;
          next += 1;
          await work(name);
        }
      }),
    );
  };
  const started = process.hrtime.bigint();
  await call(RPCS.ping, {});
  await page(RPCS.listRoles);
  await page(RPCS.listUsers);
  const lists: string[] = [];
  const ownedByLists: string[] = [];
  await page(RPCS.listAccessLists, {}, (list) => {
    const name = list.header?.metadata?.name ?? '';
    lists.push(name);
    if (
      (list.spec?.owners ?? []).some((owner) => owner.membershipKind === 'MEMBERSHIP_KIND_LIST')
    ) {
      ownedByLists.push(name);
    }
  });
  for (const [clusterWide, perList] of [
    [RPCS.listAllAccessListMembers, RPCS.listAccessListMembers],
    [RPCS.listAllAccessListReviews, RPCS.listAccessListReviews],
  ] as const) {
    if (scenario.without.includes(clusterWide.method)) {
      await eachList(lists, (accessList) => page<unknown>(perList, { accessList }));
    } else {
      await page<unknown>(clusterWide);
    }
  }
  await eachList(ownedByLists, async (accessList) => {
    const response = await call<{ owners?: unknown[] }>(RPCS.getAccessListOwners, { accessList });
    messages += response.owners?.length ?? 0;
  });
  if (!scenario.core) {
    // The optional features' listings (on by default), as the integration makes them.
    for (const spec of [
      RPCS.listSamlConnectors,
      RPCS.listOidcConnectors,
      RPCS.listGithubConnectors,
      RPCS.listLocks,
      RPCS.listBots,
      RPCS.listDevices,
      RPCS.listNodes,
      RPCS.listKubeServers,
      RPCS.listDatabaseServers,
      RPCS.listWindowsDesktops,
      RPCS.listAccessRequests,
      // Not app servers: the applications step is off unless switched on.
    ] as ListingSpec[]) {
      await page(spec);
    }
    await call(RPCS.getAuthPreference, {});
    await call(RPCS.getUserLoginStates, {});
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  client.close();
  return { seconds, messages };
}

interface CollectMeasurement {
  seconds: number;
  steps: Record<string, number>;
  /** The steps' own summary lines worth reading beside the figures (standing access, caps). */
  summaries: string[];
  collectSeconds: number;
  peakRssMiB: number;
  /** V8's heap limit (old space plus young generation). */
  heapLimitMiB: number;
  /** The largest V8 heap in use, sampled every 100 ms. */
  peakHeapUsedMiB: number;
  /** At the sampled peak of RSS: RSS minus the V8 heap's committed size. */
  outsideHeapMiB: number;
  /** The size of the graph files written to .j1-integration/graph. */
  graphMiB: number;
  entities: number;
  relationships: number;
  profile?: string[];
}

/** Objects in the graph files the collection wrote, and the files' total size. */
function countGraph(directory: string): {
  entities: number;
  relationships: number;
  graphMiB: number;
} {
  let entities = 0;
  let relationships = 0;
  let bytes = 0;
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.json')) {
        const text = fs.readFileSync(full, 'utf8');
        bytes += Buffer.byteLength(text);
        const content = JSON.parse(text) as {
          entities?: unknown[];
          relationships?: unknown[];
        };
        entities += content.entities?.length ?? 0;
        relationships += content.relationships?.length ?? 0;
      }
    }
  };
  walk(path.join(directory, '.j1-integration', 'graph'));
  return { entities, relationships, graphMiB: bytes / 2 ** 20 };
}

async function measureCollect(
  standIn: StandInProcess,
  scenario: Scenario,
  scratch: string,
  profile: boolean,
  heap: HeapSetting | undefined,
): Promise<CollectMeasurement> {
  // The compiled integration, as the image runs it: a project directory whose src is dist/src.
  const project = fs.mkdtempSync(path.join(scratch, `collect-${scenario.name}-`));
  fs.symlinkSync(path.join(ROOT, 'dist', 'src'), path.join(project, 'src'), 'dir');
  const rssFile = path.join(project, 'peak-rss');
  const profileDirectory = path.join(project, 'profile');
  // Node itself runs the CLI's script, so the profiler and the RSS probe apply to that process only.
  const nodeArguments = [
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`] : []),
    // Extra Node flags to compare settings, e.g. BENCH_NODE_FLAGS=--max-semi-space-size=64.
    ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean),
    '--require',
    path.join(__dirname, 'peak-rss.cjs'),
    fs.realpathSync(CLI),
  ];
  const started = process.hrtime.bigint();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...nodeArguments, 'collect', '--disable-schema-validation', '-p', project],
      {
        cwd: project,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? os.tmpdir(),
          PROXY_ADDRESS: standIn.proxyAddress,
          IDENTITY_FILE_PATH: standIn.identityFilePath,
          ACCESS_LIST_CONCURRENCY: String(PER_LIST_CONCURRENCY),
          ...(scenario.core ? CORE_ONLY : {}),
          ...scenario.settings,
          DISABLE_DISK_USAGE_METRIC: '1',
          PEAK_RSS_FILE: rssFile,
          ...(heap?.nodeOptions ? { NODE_OPTIONS: heap.nodeOptions } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(text)
        : reject(new Error(`collect exited with ${String(code)}:\n${text.slice(-3000)}`)),
    );
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const failed = /completed with status: failure/.exec(output);
  if (failed) {
    throw new Error(`a step failed in scenario ${scenario.name}:\n${output.slice(-3000)}`);
  }
  const durationMatch =
    /"name": "duration-collect",\s*"unit": "Milliseconds",\s*"value": (\d+)/.exec(output);
  const counts = countGraph(project);
  // Each step's own duration metric, to see which step the time goes to.
  const steps: Record<string, number> = {};
  for (const match of output.matchAll(
    /"name": "duration-step",\s*"unit": "Milliseconds",\s*"dimensions": \{\s*"stepId": "([a-z-]+)",[^}]*\},\s*"value": (\d+)/g,
  )) {
    steps[match[1]!] = Number(match[2]) / 1000;
  }
  const memory = JSON.parse(fs.readFileSync(rssFile, 'utf8')) as {
    maxRssKiB: number;
    heapSizeLimit: number;
    peakHeapUsed: number;
    atPeakRss: { rss: number; heapTotal: number };
  };
  const measurement: CollectMeasurement = {
    seconds,
    steps,
    summaries: output
      .split('\n')
      .filter((line) => /Computed standing access|More exact access answers/.test(line))
      // eslint-disable-next-line no-control-regex
      .map((line) => line.replace(/\x1b\[[0-9;]*m/g, '').trim()),
    collectSeconds: durationMatch ? Number(durationMatch[1]) / 1000 : seconds,
    peakRssMiB: memory.maxRssKiB / 1024,
    heapLimitMiB: memory.heapSizeLimit / 2 ** 20,
    peakHeapUsedMiB: memory.peakHeapUsed / 2 ** 20,
    outsideHeapMiB: (memory.atPeakRss.rss - memory.atPeakRss.heapTotal) / 2 ** 20,
    ...counts,
  };
  if (profile) {
    const file = fs.readdirSync(profileDirectory).find((name) => name.endsWith('.cpuprofile'));
    if (file) {
      const kept = path.join(ROOT, 'bench', 'results', `${scenario.name}.cpuprofile`);
      fs.mkdirSync(path.dirname(kept), { recursive: true });
      fs.copyFileSync(path.join(profileDirectory, file), kept);
      measurement.profile = summariseProfile(kept, 15);
    }
  }
  return measurement;
}

interface Result {
  scenario: string;
  wireSeconds: number;
  wireMessages: number;
  collectSeconds: number;
  collectWallSeconds: number;
  ratio: number;
  peakRssMiB: number;
  heapLimitMiB: number;
  peakHeapUsedMiB: number;
  outsideHeapMiB: number;
  graphMiB: number;
  /** With --container-memory: the limit, and whether the peak RSS stayed within it. */
  containerMemoryMiB?: number;
  withinContainerMemory?: boolean;
  nodeOptions?: string;
  entities: number;
  relationships: number;
  objectsPerSecond: number;
  stepSeconds: Record<string, number>;
  profile?: string[];
}

async function main(): Promise<void> {
  const wanted = (
    argument('scenarios') ?? SCENARIOS.map((scenario) => scenario.name).join(',')
  ).split(',');
  const scenarios = SCENARIOS.filter((scenario) => wanted.includes(scenario.name));
  const profile = process.argv.includes('--cpu-prof');
  const containerMemory = argument('container-memory');
  const containerBytes =
    containerMemory === undefined ? undefined : parseMemoryQuantity(containerMemory);
  const heap = containerBytes === undefined ? undefined : heapSettingFor(containerBytes);
  if (heap) {
    process.stdout.write(
      `Container memory ${containerMemory}: ${heap.message}\nNODE_OPTIONS=${heap.nodeOptions}\n`,
    );
  }
  process.stdout.write('Building dist/ (the compiled integration the image runs)...\n');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    throw new Error('npm run build failed');
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-bench-'));
  const results: Result[] = [];
  try {
    for (const scenario of scenarios) {
      process.stdout.write(`\n[${scenario.name}] starting the stand-in...\n`);
      const standIn = await startStandIn(scenario, scratch);
      try {
        const identity = parseIdentityFile(fs.readFileSync(standIn.identityFilePath, 'utf8'));
        const wire = await measureWire(identity, standIn.proxyAddress, scenario);
        process.stdout.write(
          `[${scenario.name}] wire: ${wire.seconds.toFixed(2)} s for ${wire.messages} messages\n`,
        );
        const collect = await measureCollect(standIn, scenario, scratch, profile, heap);
        const objects = collect.entities + collect.relationships;
        const result: Result = {
          scenario: scenario.name,
          wireSeconds: round(wire.seconds),
          wireMessages: wire.messages,
          collectSeconds: round(collect.collectSeconds),
          collectWallSeconds: round(collect.seconds),
          ratio: round(collect.collectSeconds / wire.seconds),
          peakRssMiB: Math.round(collect.peakRssMiB),
          heapLimitMiB: Math.round(collect.heapLimitMiB),
          peakHeapUsedMiB: Math.round(collect.peakHeapUsedMiB),
          outsideHeapMiB: Math.round(collect.outsideHeapMiB),
          graphMiB: Math.round(collect.graphMiB),
          ...(containerBytes === undefined
            ? {}
            : {
                containerMemoryMiB: containerBytes / 2 ** 20,
                withinContainerMemory: collect.peakRssMiB * 2 ** 20 <= containerBytes,
                nodeOptions: heap?.nodeOptions,
              }),
          entities: collect.entities,
          relationships: collect.relationships,
          objectsPerSecond: Math.round(objects / collect.collectSeconds),
          stepSeconds: collect.steps,
          profile: collect.profile,
        };
        results.push(result);
        process.stdout.write(
          `[${scenario.name}] collect: ${result.collectSeconds} s (wall ${result.collectWallSeconds} s), ratio ${result.ratio}, ` +
            `peak RSS ${result.peakRssMiB} MiB, ${objects} objects, ${result.objectsPerSecond} objects/s\n`,
        );
        process.stdout.write(
          `    memory: V8 heap limit ${result.heapLimitMiB} MiB, peak heap used ${result.peakHeapUsedMiB} MiB, ` +
            `outside the heap at peak RSS ${result.outsideHeapMiB} MiB, graph files ${result.graphMiB} MiB` +
            (result.containerMemoryMiB === undefined
              ? '\n'
              : `; ${result.withinContainerMemory ? 'within' : 'OVER'} the ${result.containerMemoryMiB} MiB container limit\n`),
        );
        process.stdout.write(
          `    steps (s): ${Object.entries(collect.steps)
            .map(([step, stepSeconds]) => `${step} ${stepSeconds.toFixed(2)}`)
            .join(', ')}\n`,
        );
        for (const line of [...collect.summaries, ...(collect.profile ?? [])]) {
          process.stdout.write(`    ${line}\n`);
        }
      } finally {
        await stopStandIn(standIn);
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  printTable(results);
  const jsonPath = argument('json');
  if (jsonPath) {
    fs.writeFileSync(jsonPath, `${JSON.stringify({ machine: machine(), results }, null, 2)}\n`);
    process.stdout.write(`\nWrote ${jsonPath}\n`);
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function machine(): Record<string, string | number> {
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
}

function printTable(results: Result[]): void {
  const header = [
    'scenario',
    'wire s',
    'collect s',
    'collect/wire',
    'peak RSS MiB',
    'heap limit MiB',
    'peak heap MiB',
    'entities',
    'relationships',
    'objects/s',
  ];
  const rows = results.map((result) => [
    result.scenario,
    result.wireSeconds.toFixed(2),
    result.collectSeconds.toFixed(2),
    result.ratio.toFixed(2),
    String(result.peakRssMiB),
    String(result.heapLimitMiB),
    String(result.peakHeapUsedMiB),
    String(result.entities),
    String(result.relationships),
    String(result.objectsPerSecond),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]): string =>
    cells.map((cell, column) => cell.padStart(widths[column]!)).join('  ');
  process.stdout.write(`\n${line(header)}\n${rows.map(line).join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
