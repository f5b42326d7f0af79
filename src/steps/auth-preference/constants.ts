/** The step id, entity and relationships of this area: no other area reads them. */
import { type StepEntityMetadata } from '@jupiterone/integration-sdk-core';

export const AUTH_PREFERENCE_STEP = 'fetch-auth-preference';

export const AUTH_PREFERENCE = {
  resourceName: 'Teleport Cluster Auth Preference',
  _type: 'teleport_auth_preference',
  _class: ['Configuration'],
} satisfies StepEntityMetadata;
