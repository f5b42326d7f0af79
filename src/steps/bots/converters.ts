import type { Entity, Relationship } from '@jupiterone/integration-sdk-core';
import type { Bot } from '../../teleport';
import {
  createKeyRelationship,
  definedOnly,
  keys,
  nonEmpty,
  nonEmptyString,
  toEpochMillis,
  keyOf,
  namedEntity,
} from '../graph-values';
import { BOT, BOT_ASSIGNED_ROLE, BOT_HAS_USER } from './constants';

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
  return namedEntity(BOT, name, bot, {
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
  });
}

/** The roles the bot may impersonate (bot.spec.roles): what its certificates can carry. */
export function createBotRoleRelationships(bot: Bot): Relationship[] {
  return [...new Set((bot.spec?.roles ?? []).filter((role) => role !== ''))].map((role) =>
    createKeyRelationship(BOT_ASSIGNED_ROLE, keyOf(BOT, botName(bot)), keys.role(role), {
      impersonation: true,
    }),
  );
}

export function createBotUserRelationship(bot: Bot): Relationship {
  return createKeyRelationship(BOT_HAS_USER, keyOf(BOT, botName(bot)), keys.user(botUserName(bot)));
}
