import {
  DisabledStepReason,
  IntegrationExecutionContext,
  IntegrationInstanceConfigFieldMap,
  IntegrationInvocationConfig,
  IntegrationProviderAuthenticationError,
  IntegrationStep,
  IntegrationValidationError,
  IntegrationWarnEventName,
  StepStartStates,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig, connectionConfigFields, isSwitchedOn } from './config';
import { loadExecutionConfig, sessionOf } from './session';
import { STEPS, featureSwitches, stepsRequiring } from './steps';
import { loggingUnknownEnums } from './steps/job-state';
import {
  ConnectionError,
  GrpcStatus,
  HttpProxyError,
  TeleportRpcError,
  formatHostPort,
  isRpcCode,
} from './teleport';

/**
 * When to warn that the identity is about to lapse. A file that Machine ID renews (read through
 * identityFilePath, with a short certificate: tbot issues one-hour certificates) is meant to be
 * short-lived and is only worth a warning when renewal seems to have stopped. Any other identity
 * (uploaded, or a signed file on disk) lapses for good, so a day's notice.
 */
const EXPIRY_WARNING_MS = { static: 24 * 3600_000, renewed: 15 * 60_000 };
const RENEWED_CERTIFICATE_MAX_LIFETIME_MS = 4 * 3600_000;

/** Reads the identity, reaches Auth and pings it: the run stops here, with a clear reason, if any part fails. */
export async function validateInvocation(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<void> {
  const session = sessionOf(context);
  const { identity, address, identitySource } = session.validated;
  const where = formatHostPort(address);
  let connected;
  try {
    connected = await session.connect(context.logger);
  } catch (error) {
    if (error instanceof HttpProxyError) {
      throw new IntegrationValidationError(error.message);
    }
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
  const { ping, route, httpProxy, probe, attempts } = connected;
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
      httpProxy: httpProxy ?? 'none',
      probe: probe?.evidence,
      routesThatFailed:
        attempts.length > 0
          ? attempts.map((attempt) => `${attempt.route}: ${attempt.outcome}`)
          : undefined,
      address: where,
    },
    'Connected to Teleport Auth',
  );
  const renewed =
    identitySource !== 'identityFile' &&
    identity.notAfter.getTime() - identity.notBefore.getTime() <=
      RENEWED_CERTIFICATE_MAX_LIFETIME_MS;
  const warnWithinMs = renewed ? EXPIRY_WARNING_MS.renewed : EXPIRY_WARNING_MS.static;
  if (expiresInMs < warnWithinMs) {
    const remaining =
      expiresInMs >= 3600_000
        ? `${Math.round(expiresInMs / 3600_000)} h`
        : `${Math.max(0, Math.round(expiresInMs / 60_000))} min`;
    const description =
      `The Teleport identity of "${identity.username}" expires at ${identity.notAfter.toISOString()} (in ${remaining}). ` +
      (renewed
        ? `Check that Machine ID (tbot) is still renewing ${identitySource}.`
        : 'Sign a new one before then, or use Machine ID (tbot) with identityFilePath so it renews itself.');
    context.logger.warn({ certificateExpiresOn: identity.notAfter.toISOString() }, description);
    context.logger.publishWarnEvent({
      name: 'teleport_identity_expiring' as IntegrationWarnEventName,
      description,
    });
  }
}

/**
 * Every step runs, except: steps whose feature switch is off (USER_CONFIG; a resource listing
 * switched off runs and lists nothing, so that what builds on every kind still runs); the access list steps,
 * and effective roles that build on them, on a cluster without the access list service (Community
 * Edition, or a version before it); and trusted devices where the device trust service is absent
 * (API_VERSION).
 */
export async function getStepStartStates(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<StepStartStates> {
  const states: StepStartStates = Object.fromEntries(
    STEPS.map((step) => [step.id, { disabled: false }]),
  );
  const client = await sessionOf(context).client(context.logger);
  if (!(await client.accessLists.hasService())) {
    context.logger.info(
      'The cluster has no access list service (Community Edition or an older version): access list steps are disabled.',
    );
    for (const id of stepsRequiring('accessLists')) {
      states[id] = { disabled: true, disabledReason: DisabledStepReason.API_VERSION };
    }
  }
  // Optional features the configuration switches off (resource listings run, listing nothing).
  const listsNothing = new Set(STEPS.filter((s) => s.switchedOffListsNothing).map((s) => s.id));
  for (const [feature, { steps, byDefault }] of featureSwitches()) {
    if (!isSwitchedOn(context.instance.config[feature as `ingest${string}`], byDefault)) {
      for (const id of steps.filter((step) => !listsNothing.has(step))) {
        states[id] = { disabled: true, disabledReason: DisabledStepReason.USER_CONFIG };
      }
    }
  }
  const deviceSteps = stepsRequiring('deviceTrust').filter((id) => !states[id]?.disabled);
  if (deviceSteps.length > 0 && !(await client.devices.hasService())) {
    context.logger.info(
      'The cluster has no device trust service (Community Edition or an older version): the trusted device step is disabled.',
    );
    for (const id of deviceSteps) {
      states[id] = { disabled: true, disabledReason: DisabledStepReason.API_VERSION };
    }
  }
  return states;
}

/** Each step's job state logs enum values our protos do not declare (see loggingUnknownEnums). */
function withUnknownEnumLog(
  step: IntegrationStep<IntegrationConfig>,
): IntegrationStep<IntegrationConfig> {
  return {
    ...step,
    executionHandler: (context) =>
      step.executionHandler({
        ...context,
        jobState: loggingUnknownEnums(context.jobState, context.logger),
      }),
  };
}

/** The connection fields, and one switch per optional feature the steps declare. */
export const instanceConfigFields: IntegrationInstanceConfigFieldMap<IntegrationConfig> = {
  ...connectionConfigFields,
  ...Object.fromEntries(
    [...featureSwitches().keys()].map((name) => [name, { type: 'boolean', optional: true }]),
  ),
};

export const invocationConfig: IntegrationInvocationConfig<IntegrationConfig> = {
  instanceConfigFields,
  loadExecutionConfig,
  validateInvocation,
  getStepStartStates,
  integrationSteps: STEPS.map(withUnknownEnumLog),
};
