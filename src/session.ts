/**
 * What one run shares between its steps: the checked configuration, one client (one connection),
 * and the Ping answer. Created lazily so that configuration errors surface in validateInvocation
 * as IntegrationValidationError. The SDK has no end-of-run hook: an idle connection does not keep
 * the process alive (grpc-js unreferences it), so a run ends when its steps do.
 */
import type {
  IntegrationInstanceConfig,
  IntegrationLogger,
} from '@jupiterone/integration-sdk-core';
import { IntegrationConfig, ValidatedConfig, validateConfig } from './config';
import {
  ClientHooks,
  ConnectedAuth,
  PingResponse,
  TeleportClient,
  connectToAuth,
} from './teleport';

function hooksLoggingTo(logger: IntegrationLogger): ClientHooks {
  return {
    onRetry: (what, notice) =>
      logger.warn(
        {
          attempt: notice.attempt,
          delayMs: notice.delayMs,
          reason: (notice.error as Error).message,
        },
        `Retrying ${what} after a transient failure`,
      ),
    onRefusedClusterWide: (what, error) =>
      logger.warn(
        { reason: (error as Error).message },
        `Teleport refused the cluster-wide listing of ${what} (PERMISSION_DENIED); reading them one access list at a time instead`,
      ),
  };
}

export class TeleportSession {
  private checked: ValidatedConfig | undefined;
  private connected: Promise<ConnectedAuth> | undefined;

  constructor(private readonly config: IntegrationConfig) {}

  /** The configuration, checked; the identity file is read once per run (tbot may rewrite it between runs). */
  get validated(): ValidatedConfig {
    this.checked ??= validateConfig(this.config);
    return this.checked;
  }

  get perListConcurrency(): number {
    return this.validated.accessListConcurrency;
  }

  /** Reaches Auth once per run (choosing the route in `auto` mode) and pings it. */
  connect(logger: IntegrationLogger): Promise<ConnectedAuth> {
    if (!this.connected) {
      const { identity, address, mode, proxyCertificateAuthority, accessListConcurrency } =
        this.validated;
      this.connected = connectToAuth(identity, address, {
        mode,
        extraCertificateAuthority: proxyCertificateAuthority,
        client: { perListConcurrency: accessListConcurrency, ...hooksLoggingTo(logger) },
      });
    }
    return this.connected;
  }

  /** The run's client, telling `logger` (the calling step's) of retries and refusals. */
  async client(logger: IntegrationLogger): Promise<TeleportClient> {
    return (await this.connect(logger)).client.withHooks(hooksLoggingTo(logger));
  }

  async ping(logger: IntegrationLogger): Promise<PingResponse> {
    return (await this.connect(logger)).ping;
  }

  close(): void {
    void this.connected?.then(
      ({ client }) => client.close(),
      () => undefined,
    );
    this.connected = undefined;
  }
}

export interface TeleportExecutionConfig {
  session: TeleportSession;
}

/** The runtime calls this once per run, before validateInvocation; it must not throw. */
export function loadExecutionConfig({
  config,
}: {
  config: IntegrationInstanceConfig;
}): TeleportExecutionConfig {
  return { session: new TeleportSession(config as IntegrationConfig) };
}

/** The run's session, from any execution context. */
export function sessionOf(context: { executionConfig: object }): TeleportSession {
  const { session } = context.executionConfig as Partial<TeleportExecutionConfig>;
  if (!session) {
    throw new Error('The run has no Teleport session: loadExecutionConfig was not applied.');
  }
  return session;
}
