import { Entities, Relationships, Steps } from '../constants';
import { defineAccountResourceStep } from '../step';
import {
  createBotEntity,
  createBotRoleRelationships,
  createBotUserRelationship,
} from './converters';

export const botSteps = [
  defineAccountResourceStep({
    id: Steps.BOTS,
    name: 'Fetch Machine ID bots',
    entity: Entities.BOT,
    accountHas: Relationships.ACCOUNT_HAS_BOT,
    relationships: [Relationships.BOT_ASSIGNED_ROLE, Relationships.BOT_HAS_USER],
    dependsOn: [Steps.ROLES, Steps.USERS],
    permission: { resources: ['bot'], verbs: ['list', 'read'] },
    featureSwitch: 'ingestBots',
    noun: 'bots',
    list: (client, each) => client.bots.iterate(each),
    convert: createBotEntity,
    // The bot's user only when the user listing returned it (a bot created since has none yet).
    relate: (bot) => [...createBotRoleRelationships(bot), createBotUserRelationship(bot)],
  }),
];
