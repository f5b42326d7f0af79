import type { Entity } from '@jupiterone/integration-sdk-core';
import type { AppServerV3, AppV3 } from '../../teleport';
import { Entities } from '../constants';
import { definedOnly, nonEmptyString, namedEntity } from '../graph-values';
import { allLabels, dynamicLabelKeys, labelProperties } from '../labels';
import { agentProperties, servedBy, type Served, type ServedRecord } from '../served';
import { addressWithoutCredentials } from '../uri';

/** An application agent's record split into the application it serves and the agent itself. */
export const unwrapAppServer = (server: AppServerV3): ServedRecord<AppV3> =>
  servedBy(server.spec, server.spec?.app);

/**
 * An application's labels as Teleport matches them against `app_labels`: static labels and its
 * dynamic labels' results (api/types/app.go `GetAllLabels`, through `CombineLabels`).
 */
export const appLabels = (app: AppV3) => allLabels(app);

/**
 * One application, however many agents serve it. Its URI is kept without credentials; header
 * rewrites (which may hold secrets) are not even declared in the protos.
 */
export function createApplicationEntity({ resource: app, agents }: Served<AppV3>): Entity {
  const name = app.metadata?.name ?? '';
  const spec = app.spec;
  const uri = addressWithoutCredentials(nonEmptyString(spec?.uri));
  return namedEntity(
    Entities.APPLICATION,
    name,
    { ...app, spec: { ...spec, uri } },
    {
      ...definedOnly({
        description: nonEmptyString(app.metadata?.description),
        uri,
        publicAddress: nonEmptyString(spec?.publicAddr),
        // `cloud` names an AWS, Azure or GCP console application.
        cloud: nonEmptyString(spec?.cloud),
        integration: nonEmptyString(spec?.integration),
        insecureSkipVerify: spec?.insecureSkipVerify === true ? true : undefined,
        dynamicLabelKeys: dynamicLabelKeys(spec?.dynamicLabels),
        ...agentProperties(agents),
        ...labelProperties(appLabels(app)),
      }),
    },
  );
}
