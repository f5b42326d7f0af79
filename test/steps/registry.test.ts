/** The step registry (src/steps/index.ts) and what it derives from the declarations. */
import { describe, expect, it } from 'vitest';
import { STEPS } from '../../src/steps';
import { WrittenBy } from '../../src/steps/constants';

describe('the step registry', () => {
  it('runs every step after the steps that write the other ends of its relationships', () => {
    const missing: string[] = [];
    for (const step of STEPS) {
      const own = new Set(step.entities.map((entity) => entity._type));
      for (const relationship of step.relationships) {
        for (const type of [relationship.sourceType, relationship.targetType]) {
          const writer = WrittenBy[type];
          if (!own.has(type) && writer && !(step.dependsOn ?? []).includes(writer)) {
            missing.push(`${step.id} → ${writer} (${relationship._type})`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('derives a resource step’s dependencies from its relationships', () => {
    const dependsOn = (id: string) => STEPS.find((step) => step.id === id)?.dependsOn;
    expect(dependsOn('fetch-bots')).toEqual(['fetch-account', 'fetch-roles', 'fetch-users']);
    expect(dependsOn('fetch-devices')).toEqual(['fetch-account', 'fetch-users']);
    expect(dependsOn('fetch-users')).toEqual(['fetch-account', 'fetch-roles']);
    expect(dependsOn('fetch-roles')).toEqual(['fetch-account']);
    expect(dependsOn('fetch-nodes')).toEqual(['fetch-account']);
  });

  it('gives every step a unique id', () => {
    expect(new Set(STEPS.map((step) => step.id)).size).toBe(STEPS.length);
  });
});
