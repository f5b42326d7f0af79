/**
 * `npm run demo`: starts the Teleport stand-in with the sample organisation, runs the real
 * `j1-integration collect` against it through the ALPN-routing proxy, and draws the graph with
 * `j1-integration visualize`. Output goes to .j1-integration/ (graph files and index.html).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTeleportStandIn } from '.';
import { PROJECT_ROOT, countByType, runCli, runCollect } from './collect';
import { SAMPLE_COLLECT_SETTINGS, sampleOrganisation } from './data/sample-org';

async function main(): Promise<void> {
  const standIn = await startTeleportStandIn({
    clusterName: 'acme.teleport.sh',
    data: sampleOrganisation(new Date()),
  });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-demo-'));
  try {
    const identity = await standIn.issueIdentity({
      algorithm: 'ecdsa',
      username: 'jupiterone',
      roles: ['jupiterone-reader'],
    });
    const identityFilePath = path.join(scratch, 'identity');
    fs.writeFileSync(identityFilePath, identity.identityFile, { mode: 0o600 });
    process.stdout.write(
      `Teleport stand-in for cluster ${standIn.clusterName}: proxy ${standIn.proxyAddress}, Auth ${standIn.authAddress}\n` +
        'Running j1-integration collect against the proxy...\n',
    );
    const env = {
      ...SAMPLE_COLLECT_SETTINGS,
      PROXY_ADDRESS: standIn.proxyAddress,
      IDENTITY_FILE_PATH: identityFilePath,
    };
    // A scratch project directory, so a .env in this checkout (a real cluster's settings) is not read.
    const collected = await runCollect({ env, echo: process.argv.includes('--verbose') });
    if (collected.exitCode !== 0) {
      process.stdout.write(collected.output);
      throw new Error(`j1-integration collect exited with ${String(collected.exitCode)}`);
    }
    // Keep the graph in this checkout's .j1-integration/, where `npm run graph` looks for it.
    const output = path.join(PROJECT_ROOT, '.j1-integration');
    fs.rmSync(output, { recursive: true, force: true });
    fs.cpSync(path.join(collected.workDirectory, '.j1-integration'), output, { recursive: true });
    fs.rmSync(collected.workDirectory, { recursive: true, force: true });
    const visualized = await runCli('visualize', {
      env,
      workDirectory: PROJECT_ROOT,
      args: ['-d', path.join(output, 'graph'), '-o', path.join(output, 'index.html')],
    });
    if (visualized.exitCode !== 0) {
      process.stdout.write(visualized.output);
      throw new Error(`j1-integration visualize exited with ${String(visualized.exitCode)}`);
    }
    const { entities, relationships } = collected.graph;
    process.stdout.write(
      `\nCollected ${entities.length} entities and ${relationships.length} relationships:\n` +
        `${JSON.stringify({ entities: countByType(entities), relationships: countByType(relationships) }, null, 2)}\n` +
        `Graph files: ${path.join(PROJECT_ROOT, '.j1-integration', 'graph')}\n` +
        `Picture:     ${path.join(PROJECT_ROOT, '.j1-integration', 'index.html')}\n`,
    );
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    await standIn.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
