/**
 * Runs a Teleport stand-in in its own process until stopped, for the demo, the benchmark and
 * trying the integration by hand. It writes a fresh identity file and prints one JSON line:
 * { proxyAddress, authAddress, clusterName, identityFilePath }.
 *
 *   npm run standin -- [--scenario small|medium|large] [--algorithm ecdsa|rsa]
 *                      [--identity-out PATH] [--without ListAllAccessListMembers,ListAllAccessListReviews]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTeleportStandIn, type KeyAlgorithm, type StandInMethod } from '.';
import { scenarioData, type ScenarioName } from './data/scenarios';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const scenario = (argument('scenario') ?? 'small') as ScenarioName;
  const algorithm = (argument('algorithm') ?? 'ecdsa') as KeyAlgorithm;
  const without = (argument('without') ?? '')
    .split(',')
    .filter(Boolean)
    .map((method) => `AccessListService/${method}` as StandInMethod);
  const standIn = await startTeleportStandIn({
    clusterName: 'acme.teleport.sh',
    algorithm,
    data: scenarioData(scenario),
    unimplemented: without,
  });
  const identity = await standIn.issueIdentity({
    algorithm,
    username: 'jupiterone',
    roles: ['jupiterone-reader'],
  });
  const identityFilePath =
    argument('identity-out') ??
    path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-')), 'identity');
  fs.writeFileSync(identityFilePath, identity.identityFile, { mode: 0o600 });
  process.stdout.write(
    `${JSON.stringify({
      proxyAddress: standIn.proxyAddress,
      authAddress: standIn.authAddress,
      clusterName: standIn.clusterName,
      identityFilePath,
    })}\n`,
  );
  const stop = (): void => {
    void standIn.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Stop with the parent: the benchmark and demo own this process through its stdin.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
