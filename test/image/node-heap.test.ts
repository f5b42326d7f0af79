/**
 * docker/node-heap.sh, the rule that sizes V8's heap from the container's memory limit, run as the
 * entrypoint runs it against fake cgroup files (GRAPH_TELEPORT_CGROUP_ROOT): cgroup v2 with a
 * number or "max", cgroup v1 with a number or its "no limit" value, none at all, the operator's own
 * NODE_OPTIONS. Then the entrypoint with a stand-in CLI that reports the heap Node really got, and
 * the benchmark's --container-memory, which must go through the same script.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heapSettingFor, parseMemoryQuantity } from '../../bench/container-memory';
import {
  ENTRYPOINT_SOURCE,
  NODE_HEAP_SOURCE,
  PROJECT_ROOT,
  baseEnvironment,
  runCommand,
} from './layout';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
/** cgroup v1's "no limit": PAGE_COUNTER_MAX pages of 4 KiB. */
const CGROUP_V1_UNLIMITED = '9223372036854771712';

let scratch: string;
let caseNumber = 0;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-heap-'));
});

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A fake cgroup root holding the given files (paths relative to the root). */
function cgroupRoot(files: Record<string, string>): string {
  caseNumber += 1;
  const root = path.join(scratch, `cgroup-${caseNumber}`);
  fs.mkdirSync(root, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

async function nodeHeap(
  root: string,
  nodeOptions?: string,
): Promise<{ code: number | null; nodeOptions: string; message: string }> {
  const result = await runCommand('sh', [NODE_HEAP_SOURCE], {
    cwd: scratch,
    env: {
      ...baseEnvironment(),
      GRAPH_TELEPORT_CGROUP_ROOT: root,
      ...(nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions }),
    },
  });
  return {
    code: result.code,
    nodeOptions: result.stdout.replace(/\n$/, ''),
    message: result.stderr,
  };
}

/** V8's heap limit (old space plus young generation) in a Node started with these NODE_OPTIONS. */
async function heapLimitUnder(nodeOptions: string): Promise<number> {
  const result = await runCommand(
    process.execPath,
    ['-p', "require('node:v8').getHeapStatistics().heap_size_limit"],
    { cwd: scratch, env: { ...baseEnvironment(), NODE_OPTIONS: nodeOptions } },
  );
  expect(result.code, result.stderr).toBe(0);
  return Number(result.stdout);
}

describe('docker/node-heap.sh', () => {
  it('is POSIX sh (dash parses it)', async () => {
    const parsed = await runCommand('sh', ['-n', NODE_HEAP_SOURCE], { cwd: PROJECT_ROOT });
    expect(parsed.code, parsed.stderr).toBe(0);
  });

  const cases: {
    name: string;
    files: Record<string, string>;
    nodeOptions?: string;
    expected: string;
    message: RegExp;
  }[] = [
    {
      name: 'cgroup v2 limit: 75 % of it',
      files: { 'memory.max': `${1536 * MiB}\n` },
      expected: '--max-old-space-size=1152',
      message: /container memory limit 1536 MiB \(cgroup v2\): --max-old-space-size=1152/,
    },
    {
      name: 'cgroup v2, 1 GiB',
      files: { 'memory.max': `${GiB}\n` },
      expected: '--max-old-space-size=768',
      message: /1024 MiB \(cgroup v2\)/,
    },
    {
      name: 'a limit that is not whole MiB rounds down (docker --memory 1000000000)',
      files: { 'memory.max': '1000000000\n' },
      expected: '--max-old-space-size=714',
      message: /953 MiB/,
    },
    {
      name: 'cgroup v2 "max": no limit, nothing added',
      files: { 'memory.max': 'max\n' },
      expected: '',
      message: /no container memory limit \(cgroup v2 memory.max is max\)/,
    },
    {
      name: 'cgroup v1 limit',
      files: { 'memory/memory.limit_in_bytes': `${2 * GiB}\n` },
      expected: '--max-old-space-size=1536',
      message: /2048 MiB \(cgroup v1\)/,
    },
    {
      name: 'cgroup v1 "no limit" value',
      files: { 'memory/memory.limit_in_bytes': `${CGROUP_V1_UNLIMITED}\n` },
      expected: '',
      message: /no container memory limit \(cgroup v1 reports 9223372036854771712 bytes\)/,
    },
    {
      name: 'both hierarchies (hybrid): cgroup v2 is read',
      files: {
        'memory.max': `${GiB}\n`,
        'memory/memory.limit_in_bytes': `${4 * GiB}\n`,
      },
      expected: '--max-old-space-size=768',
      message: /cgroup v2/,
    },
    {
      name: 'no cgroup files',
      files: {},
      expected: '',
      message: /no cgroup memory limit file under .*: Node sizes the heap itself/,
    },
    {
      name: 'a file that holds no number',
      files: { 'memory.max': 'unlimited\n' },
      expected: '',
      message: /cannot read a memory limit from .*memory\.max/,
    },
    {
      name: 'an empty file',
      files: { 'memory.max': '' },
      expected: '',
      message: /cannot read a memory limit/,
    },
    {
      name: 'a tiny limit: the 256 MiB floor, and a warning',
      files: { 'memory.max': `${256 * MiB}\n` },
      expected: '--max-old-space-size=256',
      message: /--max-old-space-size=256[^]*under 512 MiB: enough for small clusters only/,
    },
    {
      name: 'a huge limit: the 4096 MiB cap',
      files: { 'memory.max': `${64 * GiB}\n` },
      expected: '--max-old-space-size=4096',
      message: /65536 MiB/,
    },
    {
      name: "the operator's other options are kept, the heap appended",
      files: { 'memory.max': `${1536 * MiB}\n` },
      nodeOptions: '--enable-source-maps --dns-result-order=ipv4first',
      expected: '--enable-source-maps --dns-result-order=ipv4first --max-old-space-size=1152',
      message: /--max-old-space-size=1152/,
    },
    {
      name: "the operator's --max-old-space-size wins",
      files: { 'memory.max': `${1536 * MiB}\n` },
      nodeOptions: '--max-old-space-size=3000',
      expected: '--max-old-space-size=3000',
      message: /NODE_OPTIONS sets --max-old-space-size: the heap is left as set there/,
    },
    {
      name: "the operator's --max_old_space_size (V8's underscore spelling) wins too",
      files: { 'memory.max': `${1536 * MiB}\n` },
      nodeOptions: '--enable-source-maps --max_old_space_size=2000',
      expected: '--enable-source-maps --max_old_space_size=2000',
      message: /NODE_OPTIONS sets --max-old-space-size/,
    },
    {
      name: "no limit: the operator's options pass through untouched",
      files: { 'memory.max': 'max\n' },
      nodeOptions: '--enable-source-maps',
      expected: '--enable-source-maps',
      message: /no container memory limit/,
    },
  ];

  it.each(cases)('$name', async ({ files, nodeOptions, expected, message }) => {
    const result = await nodeHeap(cgroupRoot(files), nodeOptions);
    expect(result.code).toBe(0);
    expect(result.nodeOptions).toBe(expected);
    expect(result.message).toMatch(message);
    expect(result.message.startsWith('graph-teleport: ')).toBe(true);
  });

  it('reads /sys/fs/cgroup when the test-only root is not set', () => {
    const script = fs.readFileSync(NODE_HEAP_SOURCE, 'utf8');
    expect(script).toContain('root="${GRAPH_TELEPORT_CGROUP_ROOT:-/sys/fs/cgroup}"');
    expect(script).toContain('"$root/memory.max"');
    expect(script).toContain('"$root/memory/memory.limit_in_bytes"');
  });

  it('produces NODE_OPTIONS that Node 20 accepts and obeys', async () => {
    const { nodeOptions } = await nodeHeap(cgroupRoot({ 'memory.max': `${1536 * MiB}\n` }));
    const [fromScript, reference, unset] = await Promise.all([
      heapLimitUnder(nodeOptions),
      heapLimitUnder('--max-old-space-size=1152'),
      heapLimitUnder(''),
    ]);
    expect(fromScript).toBe(reference);
    expect(fromScript).not.toBe(unset);
    // The old space is 1152 MiB; V8 adds the young generation on top.
    expect(fromScript).toBeGreaterThanOrEqual(1152 * MiB);
    expect(fromScript).toBeLessThan(1152 * MiB + 128 * MiB);
  });
});

describe('docker/entrypoint.sh hands the heap setting to the CLI', () => {
  let appHome: string;
  let workDirectory: string;
  let report: string;

  beforeAll(() => {
    // A stand-in installation: the entrypoint checks for the compiled integration and the heap
    // script, then execs the CLI, here a Node script that reports what it was started with.
    appHome = path.join(scratch, 'app');
    workDirectory = path.join(scratch, 'work');
    report = path.join(scratch, 'cli-report.json');
    fs.mkdirSync(path.join(appHome, 'dist', 'src'), { recursive: true });
    fs.writeFileSync(path.join(appHome, 'dist', 'src', 'index.js'), '');
    fs.mkdirSync(path.join(appHome, 'docker'));
    fs.copyFileSync(NODE_HEAP_SOURCE, path.join(appHome, 'docker', 'node-heap.sh'));
    fs.mkdirSync(workDirectory);
    const cli = path.join(appHome, 'fake-cli');
    fs.writeFileSync(
      cli,
      `#!${process.execPath}\n` +
        "const fs = require('node:fs');\n" +
        'fs.writeFileSync(process.env.CLI_REPORT, JSON.stringify({\n' +
        '  nodeOptions: process.env.NODE_OPTIONS,\n' +
        "  heapLimit: require('node:v8').getHeapStatistics().heap_size_limit,\n" +
        '  args: process.argv.slice(2),\n' +
        '}));\n',
      { mode: 0o755 },
    );
  });

  async function runEntrypoint(
    env: Record<string, string>,
  ): Promise<{ code: number | null; stderr: string; cli?: Record<string, unknown> }> {
    fs.rmSync(report, { force: true });
    const result = await runCommand('sh', [ENTRYPOINT_SOURCE], {
      cwd: scratch,
      env: {
        ...baseEnvironment(),
        INTEGRATION_INSTANCE_ID: 'instance',
        JUPITERONE_API_KEY: 'key',
        JUPITERONE_ACCOUNT: 'account',
        GRAPH_TELEPORT_HOME: appHome,
        GRAPH_TELEPORT_WORKDIR: workDirectory,
        J1_INTEGRATION_CLI: path.join(appHome, 'fake-cli'),
        CLI_REPORT: report,
        ...env,
      },
    });
    return {
      code: result.code,
      stderr: result.stderr,
      cli: fs.existsSync(report)
        ? (JSON.parse(fs.readFileSync(report, 'utf8')) as Record<string, unknown>)
        : undefined,
    };
  }

  it('in a 1536 MiB cgroup v2 container the CLI runs with a 1152 MiB old space', async () => {
    const root = cgroupRoot({ 'memory.max': `${1536 * MiB}\n` });
    const result = await runEntrypoint({ GRAPH_TELEPORT_CGROUP_ROOT: root });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('--max-old-space-size=1152');
    expect(result.cli?.nodeOptions).toBe('--max-old-space-size=1152');
    expect(result.cli?.heapLimit).toBe(await heapLimitUnder('--max-old-space-size=1152'));
    expect(result.cli?.args).toEqual(expect.arrayContaining(['run', '--project-path']));
  });

  it("keeps the operator's --max-old-space-size", async () => {
    const root = cgroupRoot({ 'memory/memory.limit_in_bytes': `${GiB}\n` });
    const result = await runEntrypoint({
      GRAPH_TELEPORT_CGROUP_ROOT: root,
      NODE_OPTIONS: '--max-old-space-size=600',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.cli?.nodeOptions).toBe('--max-old-space-size=600');
    expect(result.cli?.heapLimit).toBe(await heapLimitUnder('--max-old-space-size=600'));
  });

  it("leaves Node's own default without a limit", async () => {
    const root = cgroupRoot({ 'memory.max': 'max\n' });
    const result = await runEntrypoint({ GRAPH_TELEPORT_CGROUP_ROOT: root });
    expect(result.code, result.stderr).toBe(0);
    expect(result.cli?.nodeOptions).toBe('');
    expect(result.cli?.heapLimit).toBe(await heapLimitUnder(''));
  });

  it('fails, exit 2, when the heap script is missing from the installation', async () => {
    const script = path.join(appHome, 'docker', 'node-heap.sh');
    fs.renameSync(script, `${script}.away`);
    try {
      const result = await runEntrypoint({});
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`the heap sizing script was not found at ${script}`);
      expect(result.cli).toBeUndefined();
    } finally {
      fs.renameSync(`${script}.away`, script);
    }
  });
});

describe('npm run bench -- --container-memory', () => {
  it.each([
    ['1536Mi', 1536 * MiB],
    ['1Gi', GiB],
    ['512Ki', 512 * 1024],
    ['2Ti', 2 * 2 ** 40],
    ['1073741824', GiB],
  ])('reads %s as a Kubernetes memory quantity', (text, bytes) => {
    expect(parseMemoryQuantity(text)).toBe(bytes);
  });

  it.each(['1.5Gi', '1G', '1536m', '', 'Mi'])('refuses %j with the forms it takes', (text) => {
    expect(() => parseMemoryQuantity(text)).toThrow(/give bytes or a number with Ki, Mi, Gi or Ti/);
  });

  it('gets its NODE_OPTIONS from the image script, as the entrypoint does', async () => {
    for (const limit of [512 * MiB, 1536 * MiB, 64 * GiB]) {
      const fromScript = await nodeHeap(cgroupRoot({ 'memory.max': `${limit}\n` }));
      expect(heapSettingFor(limit)).toEqual({
        nodeOptions: fromScript.nodeOptions,
        message: fromScript.message.trim(),
      });
    }
    expect(heapSettingFor(undefined).nodeOptions).toBe('');
    expect(heapSettingFor(GiB, '--max-old-space-size=900').nodeOptions).toBe(
      '--max-old-space-size=900',
    );
  });
});
