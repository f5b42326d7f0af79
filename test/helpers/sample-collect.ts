/**
 * One `j1-integration collect` of the sample organisation per test run, shared by the test files
 * that only read what it wrote (test/e2e/collect.test.ts, test/questions.test.ts). The first file
 * to ask runs it: the stand-in serving `sampleOrganisation` through its ALPN-routing proxy, an
 * ECDSA identity, `SAMPLE_COLLECT_SETTINGS`, schema validation on, the suite's compiled build. The
 * others, in whichever worker, wait for its result in the run's scratch directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inject } from 'vitest';
import { startTeleportStandIn } from '../../standin';
import { SAMPLE_COLLECT_SETTINGS, sampleOrganisation } from '../../standin/data/sample-org';
import { compiledBuild, finishedRun, runCollect, scratchProject, type CollectRun } from './collect';

interface Outcome {
  exitCode: number | null;
  output: string;
  workDirectory: string;
  /** Why the run could not be made or read, for every file that shares it. */
  error?: string;
}

const WAIT_MS = 180_000;

async function collectOnce(directory: string): Promise<Outcome> {
  const workDirectory = scratchProject(
    (await compiledBuild()).source,
    path.join(directory, 'project'),
  );
  const standIn = await startTeleportStandIn({
    clusterName: 'acme.teleport.sh',
    data: sampleOrganisation(new Date()),
  });
  try {
    const identityFilePath = path.join(directory, 'identity');
    fs.writeFileSync(
      identityFilePath,
      (await standIn.issueIdentity({ algorithm: 'ecdsa' })).identityFile,
    );
    const run = await runCollect({
      workDirectory,
      env: {
        ...SAMPLE_COLLECT_SETTINGS,
        PROXY_ADDRESS: standIn.proxyAddress,
        IDENTITY_FILE_PATH: identityFilePath,
      },
    });
    return { exitCode: run.exitCode, output: run.output, workDirectory };
  } catch (error) {
    return { exitCode: null, output: '', workDirectory, error: String(error) };
  } finally {
    await standIn.close();
  }
}

async function outcome(): Promise<Outcome> {
  const directory = path.join(inject('suite').root, 'sample-collect');
  const result = path.join(directory, 'outcome.json');
  try {
    fs.mkdirSync(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
    // Another file is collecting: wait for what it writes.
    const deadline = Date.now() + WAIT_MS;
    while (!fs.existsSync(result)) {
      if (Date.now() > deadline) {
        throw new Error(`the shared sample collect wrote no ${result} within ${WAIT_MS} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return JSON.parse(fs.readFileSync(result, 'utf8')) as Outcome;
  }
  const collected = await collectOnce(directory);
  fs.writeFileSync(`${result}.tmp`, JSON.stringify(collected));
  fs.renameSync(`${result}.tmp`, result);
  return collected;
}

let shared: Promise<CollectRun> | undefined;

/** The shared run; a failure to collect fails every file that asks, with the same message. */
export function sampleCollect(): Promise<CollectRun> {
  shared ??= outcome().then(({ exitCode, output, workDirectory, error }) => {
    if (error !== undefined) {
      throw new Error(`the shared sample collect failed: ${error}`);
    }
    return finishedRun('collect', workDirectory, exitCode, output);
  });
  return shared;
}
