import {
  DisabledStepReason,
  IntegrationExecutionContext,
  IntegrationInvocationConfig,
  IntegrationProviderAuthenticationError,
  IntegrationValidationError,
  IntegrationWarnEventName,
  StepStartStates,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig, instanceConfigFields } from './config';
import { loadExecutionConfig, sessionOf } from './session';
import { accessListReviewSteps } from './steps/access-list-reviews';
import { accessListSteps } from './steps/access-lists';
import { accountSteps } from './steps/account';
import { ACCESS_LIST_STEPS, Steps } from './steps/constants';
import { roleSteps } from './steps/roles';
import { userSteps } from './steps/users';
import {
  ConnectionError,
  GrpcStatus,
  TeleportRpcError,
  formatHostPort,
  isRpcCode,
} from './teleport';

const EXPIRY_WARNING_MS = 24 * 3600_000;

/** Reads the identity, reaches Auth and pings it: the run stops here, with a clear reason, if any part fails. */
export async function validateInvocation(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<void> {
  const session = sessionOf(context);
  const { identity, address, route, identitySource } = session.validated;
  const where = formatHostPort(address);
  let ping;
  try {
    ping = await session.ping(context.logger);
  } catch (error) {
    if (error instanceof ConnectionError && error.kind === 'client-certificate-rejected') {
      throw new IntegrationProviderAuthenticationError({
        cause: error,
        endpoint: where,
        status: error.kind,
        statusText: error.message,
      });
    }
    if (error instanceof ConnectionError) {
      throw new IntegrationValidationError(error.message);
    }
    if (isRpcCode(error, GrpcStatus.UNAUTHENTICATED, GrpcStatus.PERMISSION_DENIED)) {
      throw new IntegrationProviderAuthenticationError({
        cause: error,
        endpoint: error.rpc,
        status: error.codeName,
        statusText: `Teleport Auth at ${where} refused user "${identity.username}": ${error.details}`,
      });
    }
    if (error instanceof TeleportRpcError) {
      throw new IntegrationValidationError(
        `Teleport Auth at ${where} answered Ping with ${error.codeName}: ${error.details}`,
      );
    }
    throw error;
  }
  const expiresInMs = identity.notAfter.getTime() - Date.now();
  context.logger.info(
    {
      clusterName: ping.clusterName,
      serverVersion: ping.serverVersion,
      user: identity.username,
      roles: identity.roles,
      keyType: identity.keyType,
      certificateExpiresOn: identity.notAfter.toISOString(),
      identitySource,
      route,
      address: where,
    },
    'Connected to Teleport Auth',
  );
  if (expiresInMs < EXPIRY_WARNING_MS) {
    const description =
      `The Teleport identity of "${identity.username}" expires at ${identity.notAfter.toISOString()} ` +
      `(in ${Math.max(0, Math.round(expiresInMs / 3600_000))} h). Sign a new one, or use Machine ID (tbot) with identityFilePath so it renews itself.`;
    context.logger.warn({ certificateExpiresOn: identity.notAfter.toISOString() }, description);
    context.logger.publishWarnEvent({
      name: 'teleport_identity_expiring' as IntegrationWarnEventName,
      description,
    });
  }
}

/**
 * Every step runs, except the access list steps on a cluster without the access list service
 * (Community Edition, or a version before it): those are disabled with the reason.
 */
export async function getStepStartStates(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<StepStartStates> {
  const states: StepStartStates = Object.fromEntries(
    Object.values(Steps).map((id) => [id, { disabled: false }]),
  );
  if (!(await sessionOf(context).client(context.logger).hasAccessListService())) {
    context.logger.info(
      'The cluster has no access list service (Community Edition or an older version): access list steps are disabled.',
    );
    for (const id of ACCESS_LIST_STEPS) {
      states[id] = { disabled: true, disabledReason: DisabledStepReason.API_VERSION };
    }
  }
  return states;
}

export const invocationConfig: IntegrationInvocationConfig<IntegrationConfig> = {
  instanceConfigFields,
  loadExecutionConfig,
  validateInvocation,
  getStepStartStates,
  integrationSteps: [
    ...accountSteps,
    ...roleSteps,
    ...userSteps,
    ...accessListSteps,
    ...accessListReviewSteps,
  ],
};
