import { RPCS } from '../../teleport';
import { defineAccountResourceStep } from '../step';
import {
  createBotEntity,
  createBotRoleRelationships,
  createBotUserRelationship,
} from './converters';
import { BOT, BOTS_STEP, BOT_ASSIGNED_ROLE, BOT_HAS_USER } from './constants';

export const botSteps = [
  defineAccountResourceStep({
    id: BOTS_STEP,
    name: 'Fetch Machine ID bots',
    entity: BOT,
    relationships: [BOT_ASSIGNED_ROLE, BOT_HAS_USER],
    permission: { resources: ['bot'], verbs: ['list', 'read'] },
    featureSwitch: 'ingestBots',
    noun: 'bots',
    list: (client, each) => client.list(RPCS.listBots, each),
    convert: createBotEntity,
    // The bot's user only when the user listing returned it (a bot created since has none yet).
    relate: (bot) => [...createBotRoleRelationships(bot), createBotUserRelationship(bot)],
  }),
];
