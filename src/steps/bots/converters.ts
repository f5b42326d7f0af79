import { Entity, Relationship, createIntegrationEntity } from '@jupiterone/integration-sdk-core';
import type { Bot } from '../../teleport';
import { Entities, Relationships } from '../constants';
import {
  createKeyRelationship,
  definedOnly,
  keys,
  nonEmpty,
  nonEmptyString,
  toEpochMillis,
} from '../graph-values';

export function botName(bot: Bot): string {
  return bot.metadata?.name ?? '';
}

/** The user Teleport runs the bot as: its status says, and it is `bot-<name>` by convention. */
export function botUserName(bot: Bot): string {
  return nonEmptyString(bot.status?.userName) ?? `bot-${botName(bot)}`;
}

/** A Machine ID bot: a non-human identity that workloads (CI, services) use through tbot. */
export function createBotEntity(bot: Bot): Entity {
  const name = botName(bot);
  const spec = bot.spec;
  const ttlSeconds = spec?.maxSessionTtl?.seconds;
  const scope = nonEmptyString(bot.scope);
  return createIntegrationEntity({
    entityData: {
      source: bot,
      assign: {
        _key: keys.bot(name),
        _type: Entities.BOT._type,
        _class: Entities.BOT._class,
        name,
        displayName: name,
        // Service requires these: a bot is an identity for automation.
        category: ['security'],
        function: ['IAM'],
        scoped: scope !== undefined,
        ...definedOnly({
          description: nonEmptyString(bot.metadata?.description),
          botUser: botUserName(bot),
          botRole: nonEmptyString(bot.status?.roleName),
          roles: nonEmpty(spec?.roles),
          traitNames: nonEmpty(
            [...new Set((spec?.traits ?? []).map((trait) => trait.name ?? ''))].sort(),
          ),
          maxSessionTtl: ttlSeconds ? ttlSeconds : undefined,
          scope,
          expiresOn: toEpochMillis(bot.metadata?.expires),
        }),
      },
    },
  });
}

/** The roles the bot may impersonate (bot.spec.roles): what its certificates can carry. */
export function createBotRoleRelationships(bot: Bot): Relationship[] {
  return [...new Set((bot.spec?.roles ?? []).filter((role) => role !== ''))].map((role) =>
    createKeyRelationship(
      Relationships.BOT_ASSIGNED_ROLE,
      keys.bot(botName(bot)),
      keys.role(role),
      {
        impersonation: true,
      },
    ),
  );
}

export function createBotUserRelationship(bot: Bot): Relationship {
  return createKeyRelationship(
    Relationships.BOT_HAS_USER,
    keys.bot(botName(bot)),
    keys.user(botUserName(bot)),
  );
}
