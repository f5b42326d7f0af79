/**
 * Which of a user's traits the graph may show. Traits whose values say what a user may do and
 * reveal nothing personal are kept; other traits (from SSO attributes, which may hold anything)
 * are listed by name only.
 */
import { INTERNAL_TRAITS } from '../evaluators/access/templates';
import { nonEmpty } from './graph-values';

const SHAREABLE_TRAITS = new Set([
  // The traits role templates read as `{{internal.*}}`, less the JWT claims and GitHub orgs…
  ...[...INTERNAL_TRAITS].filter((name) => name !== 'jwt' && name !== 'github_orgs'),
  // …and the host user's ids.
  'host_user_uid',
  'host_user_gid',
]);
/** Bounds on what one user contributes, so a user with thousands of traits stays a small object. */
const MAX_TRAIT_NAMES = 200;
const MAX_TRAIT_VALUES = 50;

/** `traitNames`, `traitCount`, and `trait.<name>` values for the shareable traits. */
export function shareableTraitProperties(
  traits: Record<string, readonly string[]>,
): Record<string, string[] | number | undefined> {
  const names = Object.keys(traits).sort();
  const properties: Record<string, string[] | number | undefined> = {
    traitNames: nonEmpty(names.slice(0, MAX_TRAIT_NAMES)),
    traitCount: names.length > 0 ? names.length : undefined,
  };
  for (const name of names) {
    if (SHAREABLE_TRAITS.has(name)) {
      // Property names allow letters, digits and dots only: `db_users` → `trait.dbUsers`.
      const propertyName = `trait.${name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase())}`;
      properties[propertyName] = nonEmpty(traits[name]?.slice(0, MAX_TRAIT_VALUES));
    }
  }
  return properties;
}
