import {
  IntegrationProviderAPIError,
  IntegrationProviderAuthorizationError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';
import { describe, expect, it, vi } from 'vitest';
import { Steps } from '../../src/steps/constants';
import { runTeleportStep } from '../../src/steps/step-errors';
import { roleSteps } from '../../src/steps/roles';
import { GrpcStatus, TeleportRpcError } from '../../src/teleport';

function logger() {
  const { logger: created } = createMockExecutionContext({ instanceConfig: {} });
  return { logger: created, warn: vi.spyOn(created, 'publishWarnEvent') };
}

describe('runTeleportStep', () => {
  it('turns PERMISSION_DENIED into a MissingPermission warning and a failed step', async () => {
    const { logger: stepLogger, warn } = logger();
    const denied = new TeleportRpcError(
      '/proto.AuthService/ListRoles',
      GrpcStatus.PERMISSION_DENIED,
      'access denied to perform action "list" on "role"',
    );
    const failure = await runTeleportStep(Steps.ROLES, roleSteps[0]!.permission, stepLogger, () =>
      Promise.reject(denied),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IntegrationProviderAuthorizationError);
    expect(warn).toHaveBeenCalledWith({
      name: IntegrationWarnEventName.MissingPermission,
      description: expect.stringContaining('the verbs [list, read] on the resources [role]'),
    });
  });

  it('ends a step quietly when the server does not implement its RPC', async () => {
    const { logger: stepLogger } = logger();
    const missing = new TeleportRpcError(
      '/teleport.accesslist.v1.AccessListService/ListAccessLists',
      GrpcStatus.UNIMPLEMENTED,
      'unknown service',
    );
    await expect(
      runTeleportStep(Steps.ACCESS_LISTS, { resources: [], verbs: [] }, stepLogger, () =>
        Promise.reject(missing),
      ),
    ).resolves.toBeUndefined();
  });

  it('fails the step with the RPC and status for anything else', async () => {
    const { logger: stepLogger } = logger();
    const broken = new TeleportRpcError(
      '/teleport.users.v1.UsersService/ListUsers',
      GrpcStatus.INTERNAL,
      'database is locked',
    );
    const failure = await runTeleportStep(
      Steps.USERS,
      { resources: [], verbs: [] },
      stepLogger,
      () => Promise.reject(broken),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IntegrationProviderAPIError);
    expect((failure as Error).message).toContain('/teleport.users.v1.UsersService/ListUsers');
    expect((failure as Error).message).toContain('database is locked');
  });
});
