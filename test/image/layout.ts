/**
 * What the image tests share: a small Dockerfile reader, the entrypoint's defaults, and a helper
 * that lays the package out in a scratch directory the way the Dockerfile lays it out in /app, so
 * the entrypoint can run against it without Docker.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');
export const DOCKERFILE = path.join(PROJECT_ROOT, 'Dockerfile');
export const DOCKERIGNORE = path.join(PROJECT_ROOT, '.dockerignore');
export const ENTRYPOINT_SOURCE = path.join(PROJECT_ROOT, 'docker', 'entrypoint.sh');
export const NODE_HEAP_SOURCE = path.join(PROJECT_ROOT, 'docker', 'node-heap.sh');

/**
 * The npm that node:20 images bundle. This machine's npm may be newer; npm 11.x rejects this
 * lockfile in `npm ci` because the registry mirror here lacks rollup's other-platform packages, so
 * the image test installs with the version the image itself would use.
 */
export const IMAGE_NPM_VERSION = '10.8.2';

export interface Instruction {
  /** Upper-cased keyword: FROM, RUN, COPY… */
  keyword: string;
  /** The rest of the instruction, continuation lines joined with single spaces. */
  args: string;
  line: number;
}

export interface Stage {
  /** The name after AS, or the stage's index as text. */
  name: string;
  base: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** Instructions before the first FROM (global ARGs). */
  preamble: Instruction[];
  stages: Stage[];
}

/** Reads a Dockerfile: comments dropped, `\` continuations joined, instructions grouped by stage. */
export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (!pending && (line.trim() === '' || line.trim().startsWith('#'))) {
      return;
    }
    if (pending && line.trim().startsWith('#')) {
      return;
    }
    if (!pending) {
      startLine = index + 1;
    }
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      return;
    }
    const whole = (pending + line.trim()).trim();
    pending = '';
    const match = /^(\S+)\s*(.*)$/s.exec(whole);
    if (match) {
      instructions.push({
        keyword: match[1]!.toUpperCase(),
        args: match[2]!.replace(/\s+/g, ' ').trim(),
        line: startLine,
      });
    }
  });
  const result: Dockerfile = { preamble: [], stages: [] };
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [base, as, name] = instruction.args.split(' ').filter((part) => !part.startsWith('--'));
      result.stages.push({
        name: as?.toUpperCase() === 'AS' && name ? name : String(result.stages.length),
        base: base ?? '',
        instructions: [],
      });
    } else if (result.stages.length === 0) {
      result.preamble.push(instruction);
    } else {
      result.stages.at(-1)!.instructions.push(instruction);
    }
  }
  return result;
}

/** Substitutes `${NAME}` / `$NAME` from global ARG defaults (what `docker build` does with no --build-arg). */
export function expandArgs(value: string, preamble: Instruction[]): string {
  const defaults = new Map<string, string>();
  for (const instruction of preamble.filter((candidate) => candidate.keyword === 'ARG')) {
    const [name, fallback] = instruction.args.split('=');
    if (name && fallback !== undefined) {
      defaults.set(name.trim(), fallback.trim());
    }
  }
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    return defaults.get((braced ?? bare)!) ?? whole;
  });
}

export interface CopyInstruction {
  from?: string;
  sources: string[];
  destination: string;
}

/** A COPY's flags, sources and destination (shell form or JSON form). */
export function parseCopy(instruction: Instruction): CopyInstruction {
  const parts = instruction.args.startsWith('[')
    ? (JSON.parse(instruction.args) as string[])
    : instruction.args.split(' ');
  let from: string | undefined;
  const rest: string[] = [];
  for (const part of parts) {
    const flag = /^--(\w[\w-]*)=(.*)$/.exec(part);
    if (flag) {
      if (flag[1] === 'from') {
        from = flag[2];
      }
      continue;
    }
    rest.push(part);
  }
  return { from, sources: rest.slice(0, -1), destination: rest.at(-1) ?? '' };
}

/** Resolves a COPY destination against the stage's WORKDIR at that point. */
export function resolveDestination(destination: string, workdir: string): string {
  return path.posix.resolve(workdir, destination);
}

/** WORKDIR in force before each instruction of a stage. */
export function workdirs(stage: Stage): string[] {
  let current = '/';
  return stage.instructions.map((instruction) => {
    const before = current;
    if (instruction.keyword === 'WORKDIR') {
      current = path.posix.resolve(current, instruction.args);
    }
    return before;
  });
}

/** The `${NAME:-default}` defaults the entrypoint uses. */
export function entrypointDefaults(script: string): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const match of script.matchAll(/\$\{(\w+):-([^}]*)\}/g)) {
    defaults.set(match[1]!, match[2]!);
  }
  return defaults;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${command} ${args.join(' ')} timed out:\n${(stdout + stderr).slice(-4000)}`),
      );
    }, options.timeoutMs ?? 180_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Where the image layout goes: the production install writes some 14,000 files, which a disk-backed
 * temporary directory takes several times longer to create than the memory-backed /dev/shm, so
 * /dev/shm where it exists and is writable (Linux), the temporary directory otherwise.
 */
export function layoutParent(): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return fs.statSync('/dev/shm').isDirectory() ? '/dev/shm' : os.tmpdir();
  } catch {
    return os.tmpdir();
  }
}

export interface ImageLayout {
  /** Stands for /app: package.json, package-lock.json, node_modules/, dist/, proto/, docker/node-heap.sh. */
  appHome: string;
  /** Stands for /work: `src` → appHome/dist/src, and `.j1-integration/`. */
  workDirectory: string;
}

/** The environment a test process passes down: no proxies, no inherited JupiterOne settings. */
export function baseEnvironment(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NO_PROXY: '127.0.0.1,localhost',
  };
}

/**
 * Lays the package out under `root` as the Dockerfile's runtime stage does: copy package.json and
 * package-lock.json, install production dependencies with that stage's `npm ci` command, copy the
 * build stage's `dist/` (the suite compiles it once, as `npm run build` does: test/helpers/build.ts;
 * the install does not wait for it), proto/ and docker/node-heap.sh, then create the project
 * directory with its `src` link. `--prefer-offline` is added to the `npm ci` command: it only lets
 * npm take the tarballs the lockfile pins (by integrity) from its cache without asking the registry
 * whether they are still current.
 */
export async function layOutImage(
  root: string,
  npmCiArgs: string[],
  build: Promise<{ dist: string }>,
): Promise<ImageLayout> {
  const appHome = path.join(root, 'app');
  const workDirectory = path.join(root, 'work');
  fs.mkdirSync(appHome, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) {
    fs.copyFileSync(path.join(PROJECT_ROOT, file), path.join(appHome, file));
  }
  const [install, { dist }] = await Promise.all([
    runCommand('npx', ['--yes', `npm@${IMAGE_NPM_VERSION}`, ...npmCiArgs, '--prefer-offline'], {
      cwd: appHome,
      env: { ...process.env, npm_config_update_notifier: 'false' },
      timeoutMs: 240_000,
    }),
    build,
  ]);
  if (install.code !== 0) {
    throw new Error(`npm ${npmCiArgs.join(' ')} failed:\n${install.stdout}${install.stderr}`);
  }
  fs.cpSync(dist, path.join(appHome, 'dist'), { recursive: true });
  fs.cpSync(path.join(PROJECT_ROOT, 'proto'), path.join(appHome, 'proto'), { recursive: true });
  fs.mkdirSync(path.join(appHome, 'docker'));
  fs.copyFileSync(NODE_HEAP_SOURCE, path.join(appHome, 'docker', 'node-heap.sh'));
  fs.mkdirSync(path.join(workDirectory, '.j1-integration'), { recursive: true });
  fs.symlinkSync(path.join(appHome, 'dist', 'src'), path.join(workDirectory, 'src'), 'dir');
  return { appHome, workDirectory };
}
