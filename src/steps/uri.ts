/** URIs as the graph may keep them: never with the credentials written into them. */

/**
 * A URI reduced to its scheme, host and port: user-info (`user:password@`), path, query
 * and fragment are dropped, so no credential written into the URI is kept. Everything up to the
 * last `@` goes, so a password holding `@`, `/`, `?` or `#` unescaped goes with it.
 */
export function addressWithoutCredentials(uri: string | undefined): string | undefined {
  if (!uri) {
    return undefined;
  }
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(uri)?.[0] ?? '';
  let rest = uri.slice(scheme.length);
  rest = rest.slice(rest.lastIndexOf('@') + 1);
  const end = rest.search(/[/?#]/);
  const host = end >= 0 ? rest.slice(0, end) : rest;
  return host ? `${scheme}${host}` : undefined;
}
