/**
 * The image's steps without Docker. The package is laid out in a scratch directory the way the
 * Dockerfile lays it out in /app (the suite's build of dist/, compiled as the build stage compiles
 * it; proto/; production dependencies installed with the runtime stage's own `npm ci` command), and docker/entrypoint.sh runs against it exactly as
 * the container's ENTRYPOINT would: `j1-integration run` collecting from the Teleport stand-in and
 * uploading to a stand-in of JupiterOne's synchronization API. The run is judged by what that API
 * received, as JupiterOne would judge it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeleportStandIn, type TeleportStandIn } from '../../standin';
import { SAMPLE_COLLECT_SETTINGS, sampleOrganisation } from '../../standin/data/sample-org';
import {
  TYPESCRIPT_SOURCES,
  compiledBuild,
  countByType,
  runCollect,
  type CollectRun,
} from '../helpers/collect';
import { SAMPLE_GRAPH_COUNTS } from '../helpers/sample-graph';
import { invocationConfig } from '../../src';
import { startJ1ApiStandIn, type J1ApiStandIn } from '../helpers/j1-api-standin';
import {
  DOCKERFILE,
  ENTRYPOINT_SOURCE,
  baseEnvironment,
  layOutImage,
  layoutParent,
  parseDockerfile,
  runCommand,
  type CommandResult,
  type ImageLayout,
} from './layout';

const API_KEY = 'j1-test-api-key-7f3c9a1e5b';
const ACCOUNT = 'j1-test-account';
const INSTANCE_ID = '5a0c5d2e-7b1f-4c3a-9e8d-2f6b1a4c7d90';

let scratch: string;
let layout: ImageLayout;
let teleport: TeleportStandIn;
let j1: J1ApiStandIn;
let identityFilePath: string;
let identityText: string;
/** A fake cgroup v2 root whose memory.max is 512 MiB: the container the entrypoint believes it is in. */
let cgroupRoot: string;
let run: CommandResult;
let runSeconds: number;
/** The same source collected by `j1-integration collect` from the TypeScript sources. */
let reference: CollectRun;

/** The runtime stage's `npm ci …` command, as the Dockerfile writes it, minus the leading `npm`. */
function runtimeNpmCiArgs(): string[] {
  const dockerfile = parseDockerfile(fs.readFileSync(DOCKERFILE, 'utf8'));
  const runtime = dockerfile.stages.at(-1)!;
  for (const instruction of runtime.instructions.filter((i) => i.keyword === 'RUN')) {
    const match = /\bnpm (ci(?: [^&;|]*)?)/.exec(instruction.args);
    if (match) {
      return match[1]!.trim().split(/\s+/);
    }
  }
  throw new Error('The runtime stage of the Dockerfile runs no `npm ci`.');
}

function entrypoint(env: Record<string, string | undefined>): Promise<CommandResult> {
  return runCommand('sh', [ENTRYPOINT_SOURCE], {
    cwd: scratch,
    env: {
      ...baseEnvironment(),
      GRAPH_TELEPORT_HOME: layout.appHome,
      GRAPH_TELEPORT_WORKDIR: layout.workDirectory,
      GRAPH_TELEPORT_CGROUP_ROOT: cgroupRoot,
      ...env,
    },
    timeoutMs: 120_000,
  });
}

function fullEnvironment(): Record<string, string> {
  return {
    INTEGRATION_INSTANCE_ID: INSTANCE_ID,
    JUPITERONE_API_KEY: API_KEY,
    JUPITERONE_ACCOUNT: ACCOUNT,
    JUPITERONE_API_BASE_URL: j1.baseUrl,
    PROXY_ADDRESS: teleport.proxyAddress,
    IDENTITY_FILE_PATH: identityFilePath,
    ...SAMPLE_COLLECT_SETTINGS,
  };
}

/** The base64 lines of the identity's private key: none may leave the process. */
function privateKeyLines(identity: string): string[] {
  const lines: string[] = [];
  let inside = false;
  for (const line of identity.split('\n').map((candidate) => candidate.trim())) {
    if (/^-----BEGIN .*PRIVATE KEY-----$/.test(line)) {
      inside = true;
    } else if (/^-----END .*PRIVATE KEY-----$/.test(line)) {
      inside = false;
    } else if (inside && line.length >= 16) {
      lines.push(line);
    }
  }
  return lines;
}

function walk(directory: string): string[] {
  if (!fs.existsSync(directory)) {
    return [];
  }
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(layoutParent(), 'graph-teleport-image-'));
  const started = Date.now();
  [teleport, j1] = await Promise.all([
    startTeleportStandIn({ clusterName: 'acme.teleport.sh', data: sampleOrganisation(new Date()) }),
    startJ1ApiStandIn(),
  ]);
  // Ten minutes left: short enough for the integration's expiry warning whatever the source.
  const identity = await teleport.issueIdentity({
    algorithm: 'ecdsa',
    username: 'jupiterone',
    roles: ['jupiterone-reader'],
    notAfter: new Date(Date.now() + 10 * 60_000),
  });
  identityText = identity.identityFile;
  identityFilePath = path.join(scratch, 'identity');
  fs.writeFileSync(identityFilePath, identityText, { mode: 0o600 });
  cgroupRoot = path.join(scratch, 'cgroup');
  fs.mkdirSync(cgroupRoot);
  fs.writeFileSync(path.join(cgroupRoot, 'memory.max'), `${512 * 2 ** 20}\n`);
  [layout, reference] = await Promise.all([
    layOutImage(scratch, runtimeNpmCiArgs(), compiledBuild()),
    runCollect({
      source: TYPESCRIPT_SOURCES,
      env: {
        ...SAMPLE_COLLECT_SETTINGS,
        PROXY_ADDRESS: teleport.proxyAddress,
        IDENTITY_FILE_PATH: identityFilePath,
      },
      args: ['--disable-schema-validation'],
    }),
  ]);
  const layoutSeconds = (Date.now() - started) / 1000;
  const runStarted = Date.now();
  run = await entrypoint(fullEnvironment());
  runSeconds = (Date.now() - runStarted) / 1000;
  console.info(
    `image layout ${layoutSeconds.toFixed(1)} s, entrypoint run ${runSeconds.toFixed(1)} s`,
  );
}, 300_000);

afterAll(async () => {
  await Promise.all([teleport?.close(), j1?.close()]);
  for (const directory of [scratch, reference?.workDirectory]) {
    if (directory) {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }
});

describe('docker/entrypoint.sh on the image layout', () => {
  it('installs no development dependency and finds the protos where the compiled code looks', () => {
    const modules = path.join(layout.appHome, 'node_modules');
    for (const devOnly of ['typescript', 'ts-node', 'vitest', 'eslint']) {
      expect(fs.existsSync(path.join(modules, devOnly)), devOnly).toBe(false);
    }
    // src/teleport/protos.ts looks in ../../../proto from dist/src/teleport.
    const protoRoot = path.resolve(
      layout.appHome,
      'dist',
      'src',
      'teleport',
      '..',
      '..',
      '..',
      'proto',
    );
    expect(protoRoot).toBe(path.join(layout.appHome, 'proto'));
    expect(walk(protoRoot).some((file) => file.endsWith('.proto'))).toBe(true);
    // Only declarations besides JavaScript: the CLI must not try to load TypeScript through ts-node.
    expect(
      walk(path.join(layout.appHome, 'dist')).filter(
        (file) => file.endsWith('.ts') && !file.endsWith('.d.ts'),
      ),
    ).toEqual([]);
  });

  it('runs one synchronization job for the instance, finalized, never aborted', () => {
    const output = run.stdout + run.stderr;
    expect(run.code, output.slice(-4000)).toBe(0);
    const created = j1.requestsTo('jobs');
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({
      source: 'integration-managed',
      integrationInstanceId: INSTANCE_ID,
    });
    expect(j1.requestsTo('abort'), output.slice(-4000)).toEqual([]);
    const finalize = j1.requestsTo('finalize');
    expect(finalize).toHaveLength(1);
    expect(finalize[0]!.body).toEqual({ partialDatasets: { types: [] } });
    const [job] = [...j1.jobs.values()];
    expect(job).toMatchObject({
      status: 'FINALIZE_PENDING',
      numEntitiesUploaded: j1.uploads().entities.length,
      numRelationshipsUploaded: j1.uploads().relationships.length,
    });
    expect(j1.requests.every((request) => request.status === 200)).toBe(true);
  });

  it("collects under the heap the image sets from the container's memory limit", () => {
    // 75 % of the 512 MiB in the fake memory.max (docker/node-heap.sh).
    expect(run.stderr).toContain(
      'graph-teleport: container memory limit 512 MiB (cgroup v2): --max-old-space-size=384',
    );
    expect(run.code).toBe(0);
  });

  it('publishes the job events, including the warning that the identity expires within a day', () => {
    const names = j1
      .requestsTo('events')
      .flatMap((request) => (request.body as { events: { name: string }[] }).events)
      .map((event) => event.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names).toContain('teleport_identity_expiring');
  });

  it('authenticates every call with the API key and the account', () => {
    expect(j1.requests.length).toBeGreaterThan(3);
    for (const request of j1.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(request.headers['lifeomic-account']).toBe(ACCOUNT);
      expect(request.path.startsWith('/persister/synchronization/jobs')).toBe(true);
    }
  });

  it('uploads the sample organisation: every entity and relationship, once', () => {
    const { entities, relationships } = j1.uploads();
    // The numbers test/helpers/sample-graph.ts pins for the sample organisation.
    expect(countByType(entities as { _type: string }[])).toEqual(SAMPLE_GRAPH_COUNTS.entities);
    expect(countByType(relationships as { _type: string }[])).toEqual(
      SAMPLE_GRAPH_COUNTS.relationships,
    );
    const keys = [...entities, ...relationships].map((object) => String(object._key));
    expect(new Set(keys).size).toBe(keys.length);
    expect(entities.find((entity) => entity._type === 'teleport_account')).toMatchObject({
      name: 'acme.teleport.sh',
      credentialUser: 'jupiterone',
    });
  });

  it('uploads exactly what j1-integration collect writes from the sources', () => {
    expect(reference.exitCode, reference.output.slice(-3000)).toBe(0);
    const { entities, relationships } = j1.uploads();
    expect(countByType(entities as { _type: string }[])).toEqual(
      countByType(reference.graph.entities),
    );
    expect(countByType(relationships as { _type: string }[])).toEqual(
      countByType(reference.graph.relationships),
    );
    const keys = (objects: { _key?: unknown }[]): string[] =>
      objects.map((object) => String(object._key)).sort();
    expect(keys(entities)).toEqual(keys(reference.graph.entities));
    expect(keys(relationships)).toEqual(keys(reference.graph.relationships));
  });

  it('uploads only types the integration declares in its step metadata', () => {
    const declared = new Set(
      invocationConfig.integrationSteps.flatMap((step) => [
        ...step.entities.map((entity) => entity._type),
        ...step.relationships.map((relationship) => relationship._type),
        ...(step.mappedRelationships ?? []).map((relationship) => relationship._type),
      ]),
    );
    const { entities, relationships } = j1.uploads();
    for (const object of [...entities, ...relationships]) {
      expect(declared.has(String(object._type)), String(object._type)).toBe(true);
    }
  });

  it('lets no line of the identity key, nor the API key, out: not in uploads, logs or files', () => {
    const keyLines = privateKeyLines(identityText);
    expect(keyLines.length).toBeGreaterThan(0);
    const written = walk(layout.workDirectory + '/.j1-integration').map((file) =>
      fs.readFileSync(file, 'utf8'),
    );
    const haystacks = [
      ...j1.requests.map((request) => request.rawBody),
      run.stdout,
      run.stderr,
      ...written,
    ];
    for (const line of keyLines) {
      for (const haystack of haystacks) {
        expect(haystack.includes(line)).toBe(false);
      }
    }
    for (const haystack of haystacks) {
      expect(haystack.includes(API_KEY)).toBe(false);
    }
  });

  it('keeps the API key off the command line', () => {
    const script = fs.readFileSync(ENTRYPOINT_SOURCE, 'utf8');
    expect(script).not.toMatch(/--api-key/);
    expect(script).not.toMatch(/\b(echo|printf)\b[^\n]*\$\{?(JUPITERONE_API_KEY|IDENTITY_FILE)\b/);
  });

  it.each(['INTEGRATION_INSTANCE_ID', 'JUPITERONE_API_KEY', 'JUPITERONE_ACCOUNT'])(
    'fails fast, exit 2, naming %s when it is missing, before any call',
    async (name) => {
      const before = j1.requests.length;
      const result = await entrypoint({ ...fullEnvironment(), [name]: undefined });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(name);
      expect(result.stderr).not.toContain(API_KEY);
      expect(j1.requests.length).toBe(before);
    },
  );

  it('names every missing variable at once', async () => {
    const result = await entrypoint({ JUPITERONE_API_BASE_URL: j1.baseUrl });
    expect(result.code).toBe(2);
    for (const name of ['INTEGRATION_INSTANCE_ID', 'JUPITERONE_API_KEY', 'JUPITERONE_ACCOUNT']) {
      expect(result.stderr).toContain(name);
    }
  });

  it('reports a configuration mistake through the job (aborted with the reason)', async () => {
    // A JupiterOne of its own: the shared one holds the main run alone, whatever the test order.
    const own = await startJ1ApiStandIn();
    try {
      const result = await entrypoint({
        ...fullEnvironment(),
        JUPITERONE_API_BASE_URL: own.baseUrl,
        IDENTITY_FILE_PATH: path.join(scratch, 'no-such-identity'),
      });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const abort = own.requestsTo('abort');
      expect(abort).toHaveLength(1);
      expect(JSON.stringify(abort[0]!.body)).toContain('does not exist');
      expect(own.requestsTo('finalize')).toEqual([]);
    } finally {
      await own.close();
    }
  });
});
