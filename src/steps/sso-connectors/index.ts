import { sessionOf } from '../../session';
import { GrpcStatus, isRpcCode } from '../../teleport';
import { Entities, Steps, accountHas } from '../constants';
import { keys } from '../graph-values';
import { addAccountEntity, addRelationshipBetweenKnown } from '../job-state';
import { defineStep, type StepContext } from '../step';
import {
  ConnectorKind,
  connectorName,
  createConnectorRoleRelationship,
  createConnectorUserRelationship,
  createSsoConnectorEntity,
  identityProviderOf,
  roleMappingsOf,
  connectorKey,
} from './converters';
import {
  SSO_CONNECTOR,
  SSO_CONNECTORS_STEP,
  SSO_CONNECTOR_ASSIGNED_ROLE,
  SSO_CONNECTOR_CREATED_USER,
} from './constants';

const CONNECTOR_KINDS: readonly ConnectorKind[] = ['saml', 'oidc', 'github'];

async function fetchSsoConnectors(context: StepContext): Promise<void> {
  const session = sessionOf(context);
  const { jobState, logger } = context;
  const accountKey = keys.account(session.validated.identity.clusterName);
  {
    const client = await session.client(logger);
    const counts: Record<string, number> = {};
    // One kind refused (a role may allow `saml` but not `github`) does not stop the others; the
    // first refusal is raised at the end, so the step still reports it and its data is partial.
    let firstFailure: unknown;
    // Each collected connector's identity provider, by connector key, for the user links.
    const identityProviders = new Map<string, string | undefined>();
    for (const kind of CONNECTOR_KINDS) {
      counts[kind] = 0;
      try {
        const source = await client.ssoConnectors.iterate(kind, async (connector) => {
          const entity = createSsoConnectorEntity(connector);
          if (!(await addAccountEntity(jobState, accountKey, entity, accountHas(SSO_CONNECTOR)))) {
            return;
          }
          counts[kind] = (counts[kind] ?? 0) + 1;
          identityProviders.set(
            connectorKey(kind, connectorName(connector)),
            identityProviderOf(connector).provider,
          );
          for (const mapping of roleMappingsOf(connector)) {
            for (const role of new Set(mapping.roles)) {
              // Roles may be templates (`$1`) or name roles that no longer exist: only real ones.
              await addRelationshipBetweenKnown(
                jobState,
                createConnectorRoleRelationship(connector, mapping, role),
              );
            }
          }
        });
        logger.info({ kind, connectors: counts[kind], source }, 'Fetched SSO connectors');
      } catch (error) {
        if (isRpcCode(error, GrpcStatus.UNIMPLEMENTED)) {
          logger.info(
            { kind, rpc: error.rpc },
            'The cluster does not serve this kind of connector',
          );
          continue;
        }
        firstFailure ??= error;
      }
    }

    // SSO users, linked to the connector that created them, when that connector was collected.
    let linked = 0;
    await jobState.iterateEntities({ _type: Entities.USER._type }, async (user) => {
      const kind = user.ssoConnectorType;
      const connector = user.ssoConnectorId;
      if (typeof kind !== 'string' || typeof connector !== 'string') {
        return;
      }
      const identity = typeof user.ssoIdentity === 'string' ? user.ssoIdentity : undefined;
      if (
        await addRelationshipBetweenKnown(
          jobState,
          createConnectorUserRelationship(
            kind,
            connector,
            user.name as string,
            identity,
            identityProviders.get(connectorKey(kind, connector)),
          ),
        )
      ) {
        linked += 1;
      }
    });
    logger.info({ linkedUsers: linked }, 'Linked SSO users to their connectors');
    if (firstFailure !== undefined) {
      throw firstFailure;
    }
  }
}

export const ssoConnectorSteps = [
  defineStep({
    id: SSO_CONNECTORS_STEP,
    name: 'Fetch SSO connectors',
    entities: [SSO_CONNECTOR],
    relationships: [
      accountHas(SSO_CONNECTOR),
      SSO_CONNECTOR_ASSIGNED_ROLE,
      SSO_CONNECTOR_CREATED_USER,
    ],
    dependsOn: [Steps.ACCOUNT, Steps.ROLES, Steps.USERS],
    // `readnosecrets` reads connectors without their secrets (`read` would also return them).
    permission: { resources: ['saml', 'oidc', 'github'], verbs: ['list', 'readnosecrets'] },
    featureSwitch: 'ingestSsoConnectors',
    run: fetchSsoConnectors,
  }),
];
