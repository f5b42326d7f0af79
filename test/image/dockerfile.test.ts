/**
 * The Dockerfile, .dockerignore and docker/entrypoint.sh agree with each other and with the code:
 * what the entrypoint runs is where the Dockerfile puts it, the runtime stage carries production
 * dependencies only and runs as `node`, nothing secret is baked in or sent to the build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  DOCKERFILE,
  DOCKERIGNORE,
  ENTRYPOINT_SOURCE,
  PROJECT_ROOT,
  entrypointDefaults,
  expandArgs,
  parseCopy,
  parseDockerfile,
  resolveDestination,
  runCommand,
  workdirs,
  type Instruction,
  type Stage,
} from './layout';

const dockerfile = parseDockerfile(fs.readFileSync(DOCKERFILE, 'utf8'));
const script = fs.readFileSync(ENTRYPOINT_SOURCE, 'utf8');
const defaults = entrypointDefaults(script);
const [build, runtime] = dockerfile.stages as [Stage, Stage];

const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|IDENTITY_FILE$|^IDENTITY$)/i;

function of(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** Every COPY of a stage with its absolute destination. */
function copies(stage: Stage): { from?: string; sources: string[]; target: string }[] {
  const before = workdirs(stage);
  return stage.instructions.flatMap((instruction, index) => {
    if (instruction.keyword !== 'COPY') {
      return [];
    }
    const copy = parseCopy(instruction);
    return [
      {
        from: copy.from,
        sources: copy.sources,
        target: resolveDestination(copy.destination, before[index]!),
      },
    ];
  });
}

function copyTarget(stage: Stage, source: string, from?: string): string | undefined {
  const found = copies(stage).find(
    (copy) =>
      copy.from === from &&
      copy.sources.some((candidate) => candidate.replace(/\/$/, '') === source),
  );
  if (!found) {
    return undefined;
  }
  // `COPY a b ./` puts each source inside the directory; `COPY src ./dist` names the target.
  return found.sources.length > 1
    ? path.posix.join(found.target, path.posix.basename(source))
    : found.target;
}

/** ENV names set in a stage (both `ENV A=1 B=2` and `ENV A 1`). */
function envNames(stage: Stage): string[] {
  return of(stage, 'ENV').flatMap((instruction) =>
    instruction.args.includes('=')
      ? [...instruction.args.matchAll(/(\w+)=/g)].map((match) => match[1]!)
      : [instruction.args.split(' ')[0]!],
  );
}

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage, both on node:20-bookworm-slim', () => {
    expect(dockerfile.stages).toHaveLength(2);
    for (const stage of dockerfile.stages) {
      expect(expandArgs(stage.base, dockerfile.preamble)).toBe('node:20-bookworm-slim');
    }
    expect(build.name).toBe('build');
    const buildRuns = of(build, 'RUN').map((instruction) => instruction.args);
    expect(buildRuns.some((args) => /^npm ci\b/.test(args) && !args.includes('--omit'))).toBe(true);
    expect(buildRuns).toContain('npm run build');
    // The build compiles what `npm run build` needs and nothing else.
    const buildSources = copies(build).flatMap((copy) => copy.sources);
    expect(buildSources).toEqual(
      expect.arrayContaining([
        'package.json',
        'package-lock.json',
        'tsconfig.json',
        'tsconfig.build.json',
        'src',
        // The message types are generated from the protos before tsc runs.
        'scripts',
        'proto',
      ]),
    );
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    // A clean dist/: a module renamed into a folder must not be shadowed by its stale old file.
    expect(pkg.scripts.build).toBe(
      'npm run generate && node -e "fs.rmSync(\'dist\', { recursive: true, force: true })" && tsc -p tsconfig.build.json',
    );
    expect(pkg.scripts.generate).toBe('node scripts/generate-proto-types.mjs');
  });

  it('builds from what the build stage copies: src/ imports nothing outside itself', () => {
    const source = path.join(PROJECT_ROOT, 'src');
    const walk = (directory: string): string[] =>
      fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(directory, entry.name);
        return entry.isDirectory() ? walk(full) : entry.name.endsWith('.ts') ? [full] : [];
      });
    const files = walk(source);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(
        /(?:from\s+|import\(|require\()\s*['"](\.{1,2}\/[^'"]*)['"]/g,
      )) {
        const target = path.resolve(path.dirname(file), match[1]!);
        expect(
          target.startsWith(source + path.sep),
          `${path.relative(PROJECT_ROOT, file)}: ${match[1]}`,
        ).toBe(true);
      }
    }
  });

  it('installs production dependencies only in the runtime stage, without install scripts', () => {
    const install = of(runtime, 'RUN').find((instruction) => /\bnpm ci\b/.test(instruction.args));
    expect(install?.args).toMatch(/npm ci [^&]*--omit=dev/);
    expect(install?.args).toMatch(/npm ci [^&]*--ignore-scripts/);
    expect(
      of(runtime, 'RUN').some((instruction) => /npm (install|i)\b/.test(instruction.args)),
    ).toBe(false);
  });

  it('puts the package where the entrypoint looks for it', () => {
    const home = defaults.get('GRAPH_TELEPORT_HOME');
    const work = defaults.get('GRAPH_TELEPORT_WORKDIR');
    expect(home).toBe('/app');
    expect(work).toBe('/work');
    // The lockfile and manifest land in the home, and npm ci runs there (node_modules/.bin/j1-integration).
    expect(copyTarget(runtime, 'package.json')).toBe(`${home}/package.json`);
    expect(copyTarget(runtime, 'package-lock.json')).toBe(`${home}/package-lock.json`);
    const installIndex = runtime.instructions.findIndex((instruction) =>
      /\bnpm ci\b/.test(instruction.args),
    );
    expect(workdirs(runtime)[installIndex]).toBe(home);
    expect(defaults.get('J1_INTEGRATION_CLI')).toBe('$app_home/node_modules/.bin/j1-integration');
    // The compiled code from the build stage, and the protos next to it.
    expect(copyTarget(runtime, '/build/dist', 'build')).toBe(`${home}/dist`);
    expect(copyTarget(runtime, 'proto')).toBe(`${home}/proto`);
    expect(script).toContain('"$app_home/dist/src/index.js"');
    // src/teleport/protos.ts resolves ../../../proto from dist/src/teleport.
    const protos = fs.readFileSync(path.join(PROJECT_ROOT, 'src', 'teleport', 'protos.ts'), 'utf8');
    expect(protos).toContain("path.resolve(__dirname, '../../../proto')");
    expect(path.posix.resolve(`${home}/dist/src/teleport`, '../../../proto')).toBe(`${home}/proto`);
    // The build stage compiles into /build/dist (WORKDIR /build, outDir dist).
    expect(of(build, 'WORKDIR').map((instruction) => instruction.args)).toEqual(['/build']);
  });

  it('puts the heap sizing script where the entrypoint runs it, before it execs the CLI', () => {
    const home = defaults.get('GRAPH_TELEPORT_HOME');
    expect(copyTarget(runtime, 'docker/node-heap.sh')).toBe(`${home}/docker/node-heap.sh`);
    expect(script).toContain('heap_script="$app_home/docker/node-heap.sh"');
    const sized = script.indexOf('NODE_OPTIONS="$(sh "$heap_script")"');
    const exported = script.indexOf('export NODE_OPTIONS');
    expect(sized).toBeGreaterThan(0);
    expect(exported).toBeGreaterThan(sized);
    expect(script.indexOf('exec "$cli" run')).toBeGreaterThan(exported);
    // The runtime stage sets no heap of its own: the limit comes from where the image runs.
    const env = of(runtime, 'ENV')
      .map((instruction) => instruction.args)
      .join(' ');
    expect(env).not.toContain('NODE_OPTIONS');
  });

  it('gives the CLI a writable project directory whose src is the compiled integration', () => {
    const work = defaults.get('GRAPH_TELEPORT_WORKDIR')!;
    const home = defaults.get('GRAPH_TELEPORT_HOME')!;
    const runs = of(runtime, 'RUN')
      .map((instruction) => instruction.args)
      .join(' && ');
    expect(runs).toContain(`ln -s ${home}/dist/src ${work}/src`);
    expect(runs).toContain(`mkdir -p ${work}/.j1-integration`);
    expect(runs).toMatch(new RegExp(`chown -R node:node ${work}(\\s|$)`));
    expect(of(runtime, 'WORKDIR').at(-1)?.args).toBe(work);
    const env = of(runtime, 'ENV')
      .map((instruction) => instruction.args)
      .join(' ');
    expect(env).toContain(`GRAPH_TELEPORT_HOME=${home}`);
    expect(env).toContain(`GRAPH_TELEPORT_WORKDIR=${work}`);
    // The entrypoint hands that directory to the CLI.
    expect(script).toMatch(/--project-path "\$project_dir"/);
    expect(script).toMatch(/cd "\$project_dir"/);
  });

  it('copies the entrypoint to the path its ENTRYPOINT names, and makes it executable', () => {
    const entry = of(runtime, 'ENTRYPOINT').at(-1);
    expect(entry).toBeDefined();
    const command = JSON.parse(entry!.args) as string[];
    expect(command).toHaveLength(1);
    expect(copyTarget(runtime, 'docker/entrypoint.sh')).toBe(command[0]);
    expect(
      of(runtime, 'RUN').some((instruction) =>
        instruction.args.includes(`chmod 0755 ${command[0]}`),
      ),
    ).toBe(true);
    expect(fs.statSync(ENTRYPOINT_SOURCE).mode & 0o111).not.toBe(0);
  });

  it('runs as node, after the last step that needs root', () => {
    const users = of(runtime, 'USER');
    expect(users.map((instruction) => instruction.args)).toEqual(['node']);
    const userIndex = runtime.instructions.indexOf(users[0]!);
    expect(
      runtime.instructions
        .slice(userIndex)
        .some((instruction) => ['RUN', 'COPY', 'ADD'].includes(instruction.keyword)),
    ).toBe(false);
  });

  it('bakes in no secret: no secret-looking ENV or ARG, no credential files copied', () => {
    const names = [
      ...dockerfile.stages.flatMap(envNames),
      ...[...dockerfile.preamble, ...dockerfile.stages.flatMap((stage) => stage.instructions)]
        .filter((instruction) => instruction.keyword === 'ARG')
        .map((instruction) => instruction.args.split('=')[0]!),
    ];
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => SECRET_NAME.test(name))).toEqual([]);
    const sources = dockerfile.stages.flatMap((stage) =>
      copies(stage).flatMap((copy) => copy.sources),
    );
    expect(sources).not.toContain('.');
    expect(sources.filter((source) => /\.env|\.pem$|\.key$|identity/.test(source))).toEqual([]);
    expect(dockerfile.stages.flatMap((stage) => of(stage, 'ADD'))).toEqual([]);
  });

  it('labels the image with the OCI annotations', () => {
    const labels = of(runtime, 'LABEL')
      .map((instruction) => instruction.args)
      .join(' ');
    for (const key of ['title', 'description', 'source', 'licenses', 'version']) {
      expect(labels).toContain(`org.opencontainers.image.${key}=`);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      license: string;
    };
    expect(labels).toContain(`org.opencontainers.image.licenses="${pkg.license}"`);
  });
});

describe('.dockerignore', () => {
  const patterns = fs
    .readFileSync(DOCKERIGNORE, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it('keeps credentials, local state and build output out of the build context', () => {
    for (const pattern of ['.env', '*.pem', 'node_modules', 'dist', '.j1-integration', '.git']) {
      expect(patterns).toContain(pattern);
    }
  });

  it('does not exclude what the Dockerfile copies', () => {
    const copied = dockerfile.stages.flatMap((stage) =>
      copies(stage)
        .filter((copy) => copy.from === undefined)
        .flatMap((copy) => copy.sources),
    );
    for (const source of copied) {
      expect(patterns, source).not.toContain(source);
      expect(fs.existsSync(path.join(PROJECT_ROOT, source)), source).toBe(true);
    }
  });
});

describe('docker/entrypoint.sh', () => {
  it('is POSIX sh (dash parses it) and execs the CLI so signals reach it', async () => {
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    const parsed = await runCommand('sh', ['-n', ENTRYPOINT_SOURCE], { cwd: PROJECT_ROOT });
    expect(parsed.code, parsed.stderr).toBe(0);
    expect(script).toMatch(/\nexec "\$cli" run /);
  });

  it('passes the flags j1-integration run 8.41.0 knows', async () => {
    const help = await runCommand(
      path.join(PROJECT_ROOT, 'node_modules', '.bin', 'j1-integration'),
      ['run', '--help'],
      { cwd: PROJECT_ROOT },
    );
    expect(help.code).toBe(0);
    const execLine = script.slice(script.indexOf('exec "$cli" run'));
    const flags = [...execLine.matchAll(/\s(--[a-zA-Z][\w-]*)/g)].map((match) => match[1]!);
    expect(flags).toEqual([
      '--integrationInstanceId',
      '--api-base-url',
      '--account',
      '--project-path',
      '--disable-schema-validation',
    ]);
    for (const flag of flags) {
      expect(help.stdout).toContain(flag);
    }
  });

  it('defaults the API to JupiterOne US and requires the three job variables', () => {
    expect(defaults.get('JUPITERONE_API_BASE_URL')).toBe('https://api.us.jupiterone.io');
    expect(script).toContain(
      'for name in INTEGRATION_INSTANCE_ID JUPITERONE_API_KEY JUPITERONE_ACCOUNT; do',
    );
    expect(script).toMatch(/exit 2/);
  });
});

describe('GitHub workflows', () => {
  type Workflow = {
    on: Record<string, { tags?: string[]; branches?: string[] } | null>;
    permissions?: Record<string, string>;
    jobs: Record<
      string,
      {
        needs?: string | string[];
        permissions?: Record<string, string>;
        steps: { uses?: string; run?: string; with?: Record<string, unknown>; id?: string }[];
      }
    >;
  };
  const read = (name: string): Workflow =>
    parseYaml(
      fs.readFileSync(path.join(PROJECT_ROOT, '.github', 'workflows', name), 'utf8'),
    ) as Workflow;

  it('CI runs .ci/run on pushes and pull requests, on Node 20', () => {
    const ci = read('ci.yml');
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    const steps = ci.jobs.test!.steps;
    expect(steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with).toMatchObject({
      'node-version': 20,
    });
    expect(steps.map((step) => step.run).filter(Boolean)).toEqual(['bash .ci/run']);
  });

  it('a v* tag tests, then builds, pushes and signs the image by digest', () => {
    const release = read('release.yml');
    expect(release.on.push?.tags).toEqual(['v*']);
    expect(release.permissions).toEqual({ contents: 'read' });
    const test = release.jobs.test!;
    expect(test.steps.map((step) => step.run).filter(Boolean)).toEqual([
      'npm ci --no-audit --no-fund',
      'npm test',
    ]);
    const image = release.jobs.image!;
    expect(image.needs).toBe('test');
    expect(image.permissions).toMatchObject({ packages: 'write', 'id-token': 'write' });
    const uses = image.steps.map((step) => step.uses?.split('@')[0]).filter(Boolean);
    expect(uses).toEqual(
      expect.arrayContaining([
        'actions/checkout',
        'docker/setup-buildx-action',
        'docker/login-action',
        'docker/metadata-action',
        'docker/build-push-action',
        'sigstore/cosign-installer',
      ]),
    );
    const build = image.steps.find((step) => step.uses?.startsWith('docker/build-push-action@'))!;
    expect(build.id).toBe('build');
    expect(build.with).toMatchObject({ push: true, context: '.' });
    expect(String(build.with?.['build-args'])).toContain('VERSION=');
    const meta = image.steps.find((step) => step.uses?.startsWith('docker/metadata-action@'))!;
    expect(String(meta.with?.tags)).toContain('type=semver,pattern={{version}}');
    expect(String(meta.with?.tags)).toContain('type=raw,value=latest');
    const sign = image.steps.find((step) => step.run?.startsWith('cosign sign'));
    expect(sign?.run).toBe('cosign sign --yes "${IMAGE}@${DIGEST}"');
    expect(JSON.stringify(sign)).toContain('steps.build.outputs.digest');
    expect(uses.indexOf('sigstore/cosign-installer')).toBeGreaterThan(
      uses.indexOf('docker/build-push-action'),
    );
  });
});
