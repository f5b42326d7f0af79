import { defineAccountResourceStep } from '../step';
import { createAuthPreferenceEntity } from './converters';
import type { AuthPreferenceV2 } from '../../teleport';
import { AUTH_PREFERENCE, AUTH_PREFERENCE_STEP } from './constants';

export const authPreferenceSteps = [
  defineAccountResourceStep<AuthPreferenceV2>({
    id: AUTH_PREFERENCE_STEP,
    name: 'Fetch cluster auth preference',
    entity: AUTH_PREFERENCE,
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
