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

/** The keys of a resource's dynamic (command) labels, sorted; undefined when it has none. */
export function dynamicLabelKeys(
  labels: Record<string, unknown> | undefined,
): string[] | undefined {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length > 0 ? keys : undefined;
}

/**
 * A resource's labels as Teleport matches them: its static labels, each overridden by a dynamic
 * (command) label of the same key with that command's last result (api/types/server.go
 * `CombineLabels`, which the database, app and Kubernetes cluster `GetAllLabels` use).
 */
export function combineLabels(
  staticLabels: Record<string, string> | undefined,
  dynamicLabels: Record<string, { result?: string } | undefined> | undefined,
): Record<string, string> {
  const labels: Record<string, string> = { ...(staticLabels ?? {}) };
  for (const [key, command] of Object.entries(dynamicLabels ?? {})) {
    labels[key] = command?.result ?? '';
  }
  return labels;
}

/**
 * The labels of a resource that has static and dynamic labels (a database, an application, a
 * Kubernetes cluster), as Teleport matches them: `combineLabels` of the two, as their
 * `GetAllLabels` (api/types/database.go, app.go, kubernetes.go) do.
 */
export function allLabels(resource: {
  metadata?: { labels?: Record<string, string | undefined> };
  spec?: { dynamicLabels?: Record<string, { result?: string } | undefined> };
}): Record<string, string> {
  return combineLabels(
    resource.metadata?.labels as Record<string, string> | undefined,
    resource.spec?.dynamicLabels,
  );
}
