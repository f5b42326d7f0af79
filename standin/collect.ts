/**
 * Runs the real `j1-integration collect` on this project in a scratch directory and reads back
 * the graph it wrote.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Entity, Relationship } from '@jupiterone/integration-sdk-core';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
const CLI = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'j1-integration');

export interface CollectedGraph {
  entities: Entity[];
  relationships: Relationship[];
}

export interface CollectRun {
  exitCode: number | null;
  /** Relationships one of whose ends is not an entity of this run (there must be none). */
  dangling: Relationship[];
  output: string;
  workDirectory: string;
  graph: CollectedGraph;
  /** Every file the run wrote under .j1-integration, as text. */
  writtenFiles(): string[];
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

export function readGraph(storageDirectory: string): CollectedGraph {
  const graph: CollectedGraph = { entities: [], relationships: [] };
  for (const file of walk(path.join(storageDirectory, 'graph'))) {
    if (!file.endsWith('.json')) {
      continue;
    }
    const content = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CollectedGraph>;
    graph.entities.push(...(content.entities ?? []));
    graph.relationships.push(...(content.relationships ?? []));
  }
  return graph;
}

/** This project's TypeScript sources, which the CLI loads through ts-node. */
export const TYPESCRIPT_SOURCES = path.join(PROJECT_ROOT, 'src');

export interface CliOptions {
  env: Record<string, string>;
  args?: string[];
  /**
   * The project directory the CLI is pointed at; it writes `.j1-integration/` there. By default a
   * scratch directory whose `src` links to `source`, so parallel runs stay apart.
   */
  workDirectory?: string;
  /**
   * The integration the scratch project's `src` links to: this project's TypeScript sources by
   * default, or a compiled `dist/src` (the test suite's build, which the CLI loads as JavaScript).
   */
  source?: string;
  timeoutMs?: number;
  /** Echo the CLI's output as it runs (the demo). */
  echo?: boolean;
}

/** A project directory for the CLI (a new scratch one by default) whose `src` links to `source`. */
export function scratchProject(
  source = TYPESCRIPT_SOURCES,
  workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-collect-')),
): string {
  fs.mkdirSync(workDirectory, { recursive: true });
  fs.symlinkSync(source, path.join(workDirectory, 'src'), 'dir');
  return workDirectory;
}

export function runCollect(options: CliOptions): Promise<CollectRun> {
  const workDirectory = options.workDirectory ?? scratchProject(options.source);
  return runCli('collect', {
    ...options,
    workDirectory,
    args: ['-p', workDirectory, ...(options.args ?? [])],
  });
}

export async function runCli(command: string, options: CliOptions): Promise<CollectRun> {
  const workDirectory = options.workDirectory ?? scratchProject(options.source);
  const child = spawn(CLI, [command, ...(options.args ?? [])], {
    cwd: workDirectory,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      DISABLE_DISK_USAGE_METRIC: '1',
      // ts-node resolves tsconfig from the working directory, which is a scratch one here.
      TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json'),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const capture = (chunk: Buffer): void => {
    output += chunk.toString();
    if (options.echo) {
      process.stdout.write(chunk);
    }
  };
  child.stdout.on('data', capture);
  child.stderr.on('data', capture);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`j1-integration ${command} did not finish in time:\n${output.slice(-4000)}`),
      );
    }, options.timeoutMs ?? 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  return finishedRun(command, workDirectory, exitCode, output);
}

/**
 * What a finished run left in its project directory: the graph read back, checked for dangling
 * relationships after a collect.
 */
export function finishedRun(
  command: string,
  workDirectory: string,
  exitCode: number | null,
  output: string,
): CollectRun {
  const storage = path.join(workDirectory, '.j1-integration');
  const graph = readGraph(storage);
  const dangling = danglingRelationships(graph);
  if (command === 'collect' && dangling.length > 0) {
    // Every collection, in every scenario, faults included: JupiterOne refuses such a relationship
    // at upload, so one is a bug wherever it appears.
    throw new Error(
      `j1-integration collect wrote ${dangling.length} relationship(s) with an end that is not in ` +
        `the graph (or a mapping JupiterOne could not resolve safely), for example:\n${dangling
          .slice(0, 5)
          .map(describeEnds)
          .join('\n')}`,
    );
  }
  return {
    exitCode,
    output,
    workDirectory,
    graph,
    dangling,
    writtenFiles: () => walk(storage).map((file) => fs.readFileSync(file, 'utf8')),
  };
}

/**
 * Relationships with an end that is not an entity of the graph. A direct relationship needs both
 * `_fromEntityKey` and `_toEntityKey` in the graph. A mapped relationship (`_mapping`) names only
 * its source, `_mapping.sourceEntityKey`, which must be in the graph; JupiterOne resolves its
 * target from the filter, so the target is never in the graph, and must not be created where no
 * other integration has it (`skipTargetCreation`); its filter names only properties the target
 * carries. Any end key a mapped relationship also carries is held to the graph too.
 */
export function danglingRelationships(graph: CollectedGraph): Relationship[] {
  const keys = new Set(graph.entities.map((entity) => entity._key));
  const inGraph = (key: unknown): boolean => typeof key === 'string' && keys.has(key);
  return graph.relationships.filter((relationship) => {
    const mapping = (relationship as { _mapping?: unknown })._mapping as
      | {
          sourceEntityKey?: unknown;
          skipTargetCreation?: unknown;
          targetFilterKeys?: unknown;
          targetEntity?: Record<string, unknown>;
        }
      | undefined;
    if (mapping === undefined) {
      return !inGraph(relationship._fromEntityKey) || !inGraph(relationship._toEntityKey);
    }
    const filterKeys = Array.isArray(mapping.targetFilterKeys)
      ? (mapping.targetFilterKeys as unknown[]).flat()
      : [];
    return (
      !inGraph(mapping.sourceEntityKey) ||
      mapping.skipTargetCreation !== true ||
      filterKeys.length === 0 ||
      filterKeys.some(
        (key) =>
          typeof key !== 'string' ||
          mapping.targetEntity?.[key] === undefined ||
          mapping.targetEntity[key] === '',
      ) ||
      (relationship._fromEntityKey !== undefined && !inGraph(relationship._fromEntityKey)) ||
      (relationship._toEntityKey !== undefined && !inGraph(relationship._toEntityKey))
    );
  });
}

/** `type from -> to`, or for a mapped relationship `type source -> <filter of the target>`. */
export function describeEnds(relationship: Relationship): string {
  const mapping = (relationship as { _mapping?: unknown })._mapping as
    | { sourceEntityKey?: unknown; targetEntity?: unknown }
    | undefined;
  return mapping
    ? `${relationship._type} ${String(mapping.sourceEntityKey)} -> mapped ${JSON.stringify(mapping.targetEntity)}`
    : `${relationship._type} ${String(relationship._fromEntityKey)} -> ${String(relationship._toEntityKey)}`;
}

export function countByType<T extends { _type: string }>(objects: T[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const object of objects) {
    counts[object._type] = (counts[object._type] ?? 0) + 1;
  }
  return counts;
}
