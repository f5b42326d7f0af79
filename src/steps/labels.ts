/**
 * A resource's labels as properties a question can filter on: `labels` (every `key=value`, exact)
 * and one `labels.<key>` property per label whose key the data model accepts as a property name
 * (letters, digits, dots and hyphens; any other character becomes `-`).
 */
export function labelProperties(
  labels: Record<string, string>,
): Record<string, string | string[] | undefined> {
  const keys = Object.keys(labels).sort();
  const properties: Record<string, string | string[] | undefined> = {
    labels: keys.length > 0 ? keys.map((key) => `${key}=${labels[key]}`) : undefined,
  };
  for (const key of keys) {
    properties[`labels.${key.replace(/[^A-Za-z0-9.-]/g, '-')}`] = labels[key];
  }
  return properties;
}
