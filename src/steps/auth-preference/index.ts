import { Entities, Relationships, Steps } from '../constants';
import { defineAccountResourceStep } from '../step';
import { createAuthPreferenceEntity } from './converters';
import type { AuthPreferenceV2 } from '../../teleport';

export const authPreferenceSteps = [
  defineAccountResourceStep<AuthPreferenceV2>({
    id: Steps.AUTH_PREFERENCE,
    name: 'Fetch cluster auth preference',
    entity: Entities.AUTH_PREFERENCE,
    accountHas: Relationships.ACCOUNT_HAS_AUTH_PREFERENCE,
    permission: { resources: ['cluster_auth_preference'], verbs: ['read'] },
    featureSwitch: 'ingestAuthPreference',
    noun: 'auth preferences',
    // One object, not a listing.
    list: async (client, each) => {
      const { preference, source } = await client.clusterConfig.getAuthPreference();
      await each(preference);
      return source;
    },
    convert: (preference, { clusterName }) => createAuthPreferenceEntity(preference, clusterName),
  }),
];
