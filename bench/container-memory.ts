/**
 * The heap setting the image would pick in a container with a given memory limit, for
 * `npm run bench -- --container-memory 1536Mi`. It runs the image's own docker/node-heap.sh
 * against a fake cgroup v2 `memory.max` holding that limit, so the benchmark and the image share one
 * implementation of the rule.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const NODE_HEAP_SCRIPT = path.resolve(__dirname, '..', 'docker', 'node-heap.sh');

const UNITS: Record<string, number> = { '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** A Kubernetes memory quantity with a binary suffix (`1536Mi`, `1Gi`) or plain bytes, in bytes. */
export function parseMemoryQuantity(text: string): number {
  const match = /^(\d+)(Ki|Mi|Gi|Ti)?$/.exec(text.trim());
  if (!match) {
    throw new Error(
      `--container-memory ${JSON.stringify(text)} is not a memory size: give bytes or a number ` +
        'with Ki, Mi, Gi or Ti, as in a Kubernetes memory limit (for example 1536Mi or 1Gi).',
    );
  }
  return Number(match[1]) * UNITS[match[2] ?? '']!;
}

export interface HeapSetting {
  /** NODE_OPTIONS as the entrypoint would export it. */
  nodeOptions: string;
  /** What the script said about its decision. */
  message: string;
}

/**
 * Runs docker/node-heap.sh as the entrypoint does, with `nodeOptions` as the operator's
 * NODE_OPTIONS and a cgroup root whose memory.max is `limitBytes` ("max" when undefined).
 */
export function heapSettingFor(limitBytes: number | undefined, nodeOptions = ''): HeapSetting {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-cgroup-'));
  try {
    fs.writeFileSync(
      path.join(root, 'memory.max'),
      `${limitBytes === undefined ? 'max' : String(limitBytes)}\n`,
    );
    const result = spawnSync('sh', [NODE_HEAP_SCRIPT], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GRAPH_TELEPORT_CGROUP_ROOT: root,
        ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
      },
    });
    if (result.status !== 0) {
      throw new Error(`${NODE_HEAP_SCRIPT} exited with ${String(result.status)}: ${result.stderr}`);
    }
    return { nodeOptions: result.stdout.replace(/\n$/, ''), message: result.stderr.trim() };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
