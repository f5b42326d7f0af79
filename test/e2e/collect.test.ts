/**
 * The whole integration through the real `j1-integration collect` (schema validation on), against
 * the stand-in serving the sample organisation through its ALPN-routing proxy (one run shared with
 * test/questions.test.ts): every step's result and the runtime's order, the exact counts, stable
 * keys. What each step writes is checked
 * in-process, step by step, in test/steps/*.step.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RelationshipMapping } from '@jupiterone/integration-sdk-core';
import { STEPS } from '../../src/steps';
import { sampleAccessRequestIds, sampleOrganisation } from '../../standin/data/sample-org';
import { countByType, type CollectRun } from '../helpers/collect';
import { sampleCollect } from '../helpers/sample-collect';
import { SAMPLE_GRAPH_COUNTS } from '../helpers/sample-graph';

let run: CollectRun;

function summary(): {
  integrationStepResults: { id: string; status: string }[];
  metadata: { partialDatasets: { types: string[] } };
} {
  return JSON.parse(
    fs.readFileSync(path.join(run.workDirectory, '.j1-integration', 'summary.json'), 'utf8'),
  ) as ReturnType<typeof summary>;
}

const sample = sampleOrganisation();

beforeAll(async () => {
  // The run test/questions.test.ts reads too (test/helpers/sample-collect.ts).
  run = await sampleCollect();
}, 180_000);

describe('j1-integration collect against the sample organisation', () => {
  it('completes every step with schema validation on', () => {
    expect(run.exitCode, run.output.slice(-3000)).toBe(0);
    const results = summary().integrationStepResults;
    // Every declared step ran and succeeded: applications, off unless switched on, run and list
    // nothing (the runtime would not run the steps that depend on a disabled one).
    expect(results.map((step) => [step.id, step.status]).sort()).toEqual(
      STEPS.map((step) => [step.id, 'success']).sort(),
    );
    expect(run.output).toContain('Not listing applications: switched off.');
    // …each after the steps it depends on.
    const position = new Map(results.map((step, index) => [step.id, index]));
    for (const step of STEPS) {
      for (const dependency of step.dependsOn ?? []) {
        expect(position.get(dependency)!, `${step.id} after ${dependency}`).toBeLessThan(
          position.get(step.id)!,
        );
      }
    }
    expect(summary().metadata.partialDatasets.types).toEqual([]);
  });

  it('writes the exact number of objects of every type', () => {
    expect(sample).toMatchObject({
      roles: { length: SAMPLE_GRAPH_COUNTS.entities.teleport_role },
      users: { length: SAMPLE_GRAPH_COUNTS.entities.teleport_user - 1 },
      accessLists: { length: SAMPLE_GRAPH_COUNTS.entities.teleport_access_list },
      reviews: { length: SAMPLE_GRAPH_COUNTS.entities.teleport_access_list_review },
    });
    expect(countByType(run.graph.entities)).toEqual(SAMPLE_GRAPH_COUNTS.entities);
    expect(countByType(run.graph.relationships)).toEqual(SAMPLE_GRAPH_COUNTS.relationships);
  });

  it('writes mapped relationships to the cloud resources, resolved by JupiterOne, never created', () => {
    const mapped = run.graph.relationships.filter((relationship) => relationship._mapping);
    const declared = STEPS.flatMap((step) => step.mappedRelationships ?? []);
    expect(new Set(mapped.map((relationship) => relationship._type))).toEqual(
      new Set(declared.map((metadata) => metadata._type)),
    );
    const keys = new Set(run.graph.entities.map((entity) => entity._key));
    for (const relationship of mapped) {
      const mapping = relationship._mapping as RelationshipMapping;
      expect(keys.has(mapping.sourceEntityKey), relationship._key).toBe(true);
      expect(mapping.skipTargetCreation, relationship._key).toBe(true);
      expect(keys.has(String(mapping.targetEntity._key)), relationship._key).toBe(false);
      expect(relationship).not.toHaveProperty('_toEntityKey');
    }
    expect(
      mapped
        .filter((relationship) => relationship._type === 'teleport_database_is_aws_rds_cluster')
        .map((relationship) => (relationship._mapping as RelationshipMapping).targetEntity),
    ).toEqual([
      { _type: 'aws_rds_cluster', _key: 'arn:aws:rds:eu-west-1:123456789012:cluster:analytics' },
    ]);
  });

  it('writes the requests that matter now, and the roles approved ones give for their lifetime', () => {
    const requests = run.graph.entities.filter(
      (entity) => entity._type === 'teleport_access_request',
    );
    expect(
      requests.map((request) => [request.name, request.state, request.assumable]).sort(),
    ).toEqual(
      [
        [sampleAccessRequestIds.kevinApproved, 'approved', true],
        [sampleAccessRequestIds.ivanPending, 'pending', false],
        [sampleAccessRequestIds.carolResource, 'approved', true],
      ].sort(),
    );
    const throughRequests = run.graph.relationships
      .filter((relationship) => relationship.via === 'accessRequest')
      .map((grant) => [
        grant._fromEntityKey,
        grant._toEntityKey,
        grant.accessRequest,
        grant.resourceScoped,
        typeof grant.expiresOn,
      ]);
    expect(throughRequests.sort()).toEqual(
      [
        [
          'teleport_user:kevin@acme.com',
          'teleport_role:prod-ssh',
          sampleAccessRequestIds.kevinApproved,
          false,
          'number',
        ],
        [
          'teleport_user:carol@acme.com',
          'teleport_role:access',
          sampleAccessRequestIds.carolResource,
          true,
          'number',
        ],
      ].sort(),
    );
  });

  it('keeps keys stable: names, never revisions', () => {
    for (const object of [...run.graph.entities, ...run.graph.relationships]) {
      expect(object._key).not.toMatch(/revision/i);
      expect(object._key.length).toBeGreaterThanOrEqual(10);
    }
  });
});
