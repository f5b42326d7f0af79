/**
 * The whole integration through `j1-integration collect`, configured only by environment
 * variables as a collector configures it, reaching Auth through a corporate CONNECT proxy and an
 * L7 load balancer with a private CA.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countByType, runCollect, type CollectRun } from '../helpers/collect';
import { SAMPLE_GRAPH_COUNTS } from '../helpers/sample-graph';
import { startTeleportStandIn, type TeleportStandIn } from '../../standin';
import { startConnectProxy, type RunningConnectProxy } from '../../standin/connect-proxy';
import { SAMPLE_COLLECT_SETTINGS, sampleOrganisation } from '../../standin/data/sample-org';

let standIn: TeleportStandIn;
let corporateProxy: RunningConnectProxy;
let run: CollectRun;
let scratch: string;

beforeAll(async () => {
  standIn = await startTeleportStandIn({
    clusterName: 'acme.teleport.sh',
    data: sampleOrganisation(new Date()),
    l7: true,
  });
  corporateProxy = await startConnectProxy();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-teleport-routes-'));
  const identityFilePath = path.join(scratch, 'identity');
  fs.writeFileSync(
    identityFilePath,
    (await standIn.issueIdentity({ algorithm: 'rsa' })).identityFile,
  );
  run = await runCollect({
    env: {
      ...SAMPLE_COLLECT_SETTINGS,
      PROXY_ADDRESS: `https://${standIn.balancerAddress!}/web/login`,
      IDENTITY_FILE_PATH: identityFilePath,
      PROXY_CERTIFICATE_AUTHORITY: standIn.webCa.pem.replace(/\n/g, '\\n'),
      HTTPS_PROXY: corporateProxy.url,
    },
  });
}, 180_000);

afterAll(async () => {
  await corporateProxy.close();
  await standIn.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('collect behind an L7 load balancer, through a corporate proxy', () => {
  it('detects the upgrade route and says which route it took', () => {
    expect(run.exitCode, run.output.slice(-3000)).toBe(0);
    expect(run.output).toMatch(/Connected to Teleport Auth.*route=upgrade/);
    expect(run.output).toContain(`httpProxy=${corporateProxy.url}`);
    expect(corporateProxy.tunnels).toContain(standIn.balancerAddress);
    expect(standIn.balancer!.upgrades.length).toBeGreaterThan(0);
  });

  it('collects the same graph as through the proxy directly', () => {
    expect(countByType(run.graph.entities)).toEqual(SAMPLE_GRAPH_COUNTS.entities);
    expect(countByType(run.graph.relationships)).toEqual(SAMPLE_GRAPH_COUNTS.relationships);
  });
});
