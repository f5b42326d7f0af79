/**
 * Which of a user's traits a role reads: its templates (`{{internal.x}}`, `{{external["x"]}}`,
 * inside functions too) and its label expressions (`user.spec.traits[...]`). Two users who agree
 * on those traits get the same answers from the role, which is what lets answers be shared.
 */
import type { Role } from './check';
import { compileLabelExpression } from './label-expressions';

const TRAIT_REFERENCE =
  /\b(?:internal|external)\s*(?:\.\s*([A-Za-z0-9_\-:/.]+?)\b(?!\.)|\[\s*"([^"]*)"\s*\])/g;

/**
 * The trait keys a role's templates and label expressions read (its templates alone with
 * `expressions: false`: what compiling the role reads), or 'all' where we cannot tell which (a
 * template whose trait we do not find by name). Erring towards 'all' only costs time.
 */
export function traitKeysReadBy(
  role: Role,
  { expressions = true }: { expressions?: boolean } = {},
): Set<string> | 'all' {
  const found = new Set<string>();
  const sides = [role.allow ?? {}, role.deny ?? {}];
  for (const side of sides) {
    for (const [field, value] of Object.entries(side)) {
      if (field.endsWith('_expression') && typeof value === 'string') {
        if (!expressions) continue;
        const { traitKeys } = compileLabelExpression(value);
        if (traitKeys === 'all') return 'all';
        traitKeys.forEach((key) => found.add(key));
        continue;
      }
      for (const text of stringsIn(value)) {
        if (!text.includes('{{')) continue;
        const before = found.size;
        let matched = false;
        for (const match of text.matchAll(TRAIT_REFERENCE)) {
          const key = match[1] ?? match[2];
          if (key !== undefined) {
            found.add(key);
            matched = true;
          }
        }
        if (!matched && found.size === before) return 'all';
      }
    }
  }
  return found;
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsIn(inner)]);
  }
  return [];
}
