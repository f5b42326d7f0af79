/**
 * How a step's Teleport failure becomes a JupiterOne outcome:
 * - PERMISSION_DENIED: a MissingPermission warning naming what to grant, and a failed step, so
 *   JupiterOne keeps the data it had for the step's types (partial datasets);
 * - UNIMPLEMENTED: the server lacks the feature (Community Edition, older versions): the step
 *   ends with a warning and no data, never a failed run;
 * - anything else: a failed step carrying the RPC and status.
 */
import {
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthorizationError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { ConnectionError, GrpcStatus, PagingError, TeleportRpcError, isRpcCode } from '../teleport';

/** What a step needs granted in Teleport: these verbs on these resource kinds. */
export interface Permission {
  resources: string[];
  verbs: string[];
}

export function missingPermissionDescription(
  { resources, verbs }: Permission,
  error: TeleportRpcError,
): string {
  return (
    `Teleport denied ${error.rpc} (${error.details}). Grant the integration's role ` +
    `the verbs [${verbs.join(', ')}] on the resources [${resources.join(', ')}], ` +
    'as the jupiterone-reader role in the integration docs does, then sign a new identity.'
  );
}

export async function runTeleportStep(
  stepId: string,
  permission: Permission,
  logger: IntegrationLogger,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (isRpcCode(error, GrpcStatus.PERMISSION_DENIED)) {
      const description = missingPermissionDescription(permission, error);
      logger.publishWarnEvent({ name: IntegrationWarnEventName.MissingPermission, description });
      throw new IntegrationProviderAuthorizationError({
        cause: error,
        endpoint: error.rpc,
        status: error.codeName,
        statusText: description,
      });
    }
    if (isRpcCode(error, GrpcStatus.UNIMPLEMENTED)) {
      const description = `The Teleport cluster does not implement ${error.rpc} (an older version, or Community Edition without this feature); ${stepId} collected nothing.`;
      logger.warn({ rpc: error.rpc }, description);
      logger.publishEvent({ name: 'teleport_feature_unavailable', description });
      return;
    }
    if (error instanceof TeleportRpcError) {
      throw new IntegrationProviderAPIError({
        cause: error,
        endpoint: error.rpc,
        status: error.codeName,
        statusText: error.details,
      });
    }
    if (error instanceof ConnectionError || error instanceof PagingError) {
      throw new IntegrationProviderAPIError({
        cause: error,
        endpoint: stepId,
        status: error.name,
        statusText: error.message,
      });
    }
    throw error;
  }
}
