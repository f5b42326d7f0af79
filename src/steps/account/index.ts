import { sessionOf } from '../../session';
import { Entities, Steps } from '../constants';
import { defineStep } from '../step';
import { createAccountEntity } from './converters';

export const accountSteps = [
  defineStep({
    id: Steps.ACCOUNT,
    name: 'Fetch cluster',
    entities: [Entities.ACCOUNT],
    relationships: [],
    // Uses the Ping answer validateInvocation already has: needs no permission of its own.
    permission: { resources: [], verbs: [] },
    async run(context) {
      const session = sessionOf(context);
      await context.jobState.addEntity(
        createAccountEntity(await session.ping(context.logger), session.validated.identity),
      );
    },
  }),
];
