/** Summarises a V8 .cpuprofile: where self time went, by function and file, heaviest first. */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function shortUrl(url: string): string {
  const marker = url.lastIndexOf('node_modules/');
  if (marker >= 0) {
    return url.slice(marker + 'node_modules/'.length);
  }
  return url === '' ? '(native)' : path.relative(process.cwd(), url.replace(/^file:\/\//, ''));
}

export function summariseProfile(file: string, top: number): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    total += delta;
    const node = byId.get(id);
    if (!node) {
      return;
    }
    const url = shortUrl(node.callFrame.url);
    const key = `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
    selfMicros.set(key, (selfMicros.get(key) ?? 0) + delta);
    const owner = url.startsWith('@')
      ? url.split('/').slice(0, 2).join('/')
      : (url.split('/')[0] ?? url);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + delta);
  });
  const percent = (value: number): string => `${((100 * value) / Math.max(1, total)).toFixed(1)}%`;
  const heaviest = [...selfMicros.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  const packages = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  return [
    `profile: ${(total / 1e6).toFixed(2)} s sampled; self time by owner: ${packages.map(([name, value]) => `${name} ${percent(value)}`).join(', ')}`,
    ...heaviest.map(([name, value]) => `${percent(value).padStart(6)}  ${name}`),
  ];
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: profile-summary FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  process.stdout.write(`${summariseProfile(file, Number(top ?? 25)).join('\n')}\n`);
}
