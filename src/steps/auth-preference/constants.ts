/** The step id, entity and relationships of this area: no other area reads them. */
import { entityType } from '../constants';

export const AUTH_PREFERENCE_STEP = 'fetch-auth-preference';

export const AUTH_PREFERENCE = entityType(
  'teleport_auth_preference',
  'Configuration',
  'Teleport Cluster Auth Preference',
);
