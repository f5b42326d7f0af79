/**
 * Every step, in one list, and the tables derived from their declarations: what each needs
 * granted (the reader role), which configuration switch turns which steps off, and which need an
 * Enterprise service. A new step is one line here.
 */
import { accessListReviewSteps } from './access-list-reviews';
import { accessListSteps } from './access-lists';
import { accessRequestSteps } from './access-requests';
import { accountSteps } from './account';
import { applicationSteps } from './applications';
import { authPreferenceSteps } from './auth-preference';
import { botSteps } from './bots';
import { databaseSteps } from './databases';
import { deviceSteps } from './devices';
import { effectiveRoleSteps } from './effective-roles';
import { lockSteps } from './locks';
import { kubernetesClusterSteps } from './kubernetes-clusters';
import { labelSelectorSteps } from './label-selectors';
import { nodeSteps } from './nodes';
import { roleSteps } from './roles';
import { ssoConnectorSteps } from './sso-connectors';
import type { Permission, RequiredService, TeleportStep } from './step';
import { userSteps } from './users';
import { windowsDesktopSteps } from './windows-desktops';

export type { RequiredService, TeleportStep } from './step';

export const STEPS: readonly TeleportStep[] = [
  ...accountSteps,
  ...roleSteps,
  ...userSteps,
  ...accessListSteps,
  ...accessListReviewSteps,
  ...effectiveRoleSteps,
  ...ssoConnectorSteps,
  ...botSteps,
  ...lockSteps,
  ...authPreferenceSteps,
  ...deviceSteps,
  ...nodeSteps,
  ...kubernetesClusterSteps,
  ...databaseSteps,
  ...windowsDesktopSteps,
  ...applicationSteps,
  ...labelSelectorSteps,
  ...accessRequestSteps,
];

/** Each configuration switch, the steps it turns off, and whether it is on when unset. */
export function featureSwitches(
  steps: readonly TeleportStep[] = STEPS,
): Map<string, { steps: string[]; byDefault: boolean }> {
  const switches = new Map<string, { steps: string[]; byDefault: boolean }>();
  for (const step of steps) {
    if (step.featureSwitch) {
      const known = switches.get(step.featureSwitch);
      switches.set(step.featureSwitch, {
        steps: [...(known?.steps ?? []), step.id],
        byDefault: step.featureSwitchDefault ?? known?.byDefault ?? true,
      });
    }
  }
  return switches;
}

/** The steps that need an Enterprise service. */
export function stepsRequiring(
  service: RequiredService,
  steps: readonly TeleportStep[] = STEPS,
): string[] {
  return steps.filter((step) => step.requiresService === service).map((step) => step.id);
}

/**
 * What the reader role must allow, merged: each group of resource kinds with the verbs they need
 * (`user, role, …: list, read`), in the order the steps first ask for them.
 */
export function readerRoleRules(steps: readonly TeleportStep[] = STEPS): Permission[] {
  const verbsByResource = new Map<string, Set<string>>();
  for (const { permission } of steps) {
    for (const resource of permission.resources) {
      const verbs = verbsByResource.get(resource) ?? new Set<string>();
      permission.verbs.forEach((verb) => verbs.add(verb));
      verbsByResource.set(resource, verbs);
    }
  }
  const rules = new Map<string, Permission>();
  for (const [resource, verbs] of verbsByResource) {
    const key = [...verbs].join(',');
    const rule = rules.get(key) ?? { resources: [], verbs: [...verbs] };
    rule.resources.push(resource);
    rules.set(key, rule);
  }
  return [...rules.values()];
}
