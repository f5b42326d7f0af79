#!/bin/sh
# Entry point of the graph-teleport image: one JupiterOne job, then exit.
#
# It runs `j1-integration run`, which collects from Teleport and uploads the graph to JupiterOne's
# synchronization API. What it reads from the environment:
#
#   INTEGRATION_INSTANCE_ID   required  the JupiterOne integration instance the upload belongs to
#   JUPITERONE_API_KEY        required  a JupiterOne API key (the CLI reads it from the environment,
#                                       so it never appears on a command line)
#   JUPITERONE_ACCOUNT        required  the JupiterOne account ID
#   JUPITERONE_API_BASE_URL   optional  default https://api.us.jupiterone.io
#   PROXY_ADDRESS, IDENTITY_FILE or IDENTITY_FILE_PATH, CONNECTION_MODE, ACCESS_LIST_CONCURRENCY:
#                             the instance configuration, read by the integration itself. Mistakes
#                             there are reported through the JupiterOne job, so they are not
#                             checked here.
#   GRAPH_TELEPORT_HOME       optional  where the package is installed (dist/, node_modules/);
#                                       default /app
#   GRAPH_TELEPORT_WORKDIR    optional  the writable project directory the CLI is pointed at: it
#                                       holds `src` (a link to the compiled integration) and
#                                       receives `.j1-integration/`; default /work
#   J1_INTEGRATION_CLI        optional  the CLI to run; default $GRAPH_TELEPORT_HOME/node_modules/.bin/j1-integration
#   NODE_OPTIONS              optional  passed on to Node. Unless it already sets --max-old-space-size,
#                                       $GRAPH_TELEPORT_HOME/docker/node-heap.sh adds one sized from the
#                                       container's memory limit (75 % of it; docs/deployment.md, "Memory")
#
# Arguments given to the container are appended to `j1-integration run` (for example
# `--upload-batch-size 100`).
#
# Exit status: 2 when a required variable is missing or the installation is incomplete; otherwise
# the CLI's own. Note that `j1-integration run` 8.41 exits 0 even when the job it reports failed:
# the job's outcome is in JupiterOne.
set -eu

fail() {
  printf 'graph-teleport: %s\n' "$1" >&2
}

missing=0
for name in INTEGRATION_INSTANCE_ID JUPITERONE_API_KEY JUPITERONE_ACCOUNT; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then
    fail "$name is not set. It is required to report the job to JupiterOne."
    missing=1
  fi
done
unset value
if [ "$missing" -ne 0 ]; then
  exit 2
fi

app_home="${GRAPH_TELEPORT_HOME:-/app}"
project_dir="${GRAPH_TELEPORT_WORKDIR:-/work}"
cli="${J1_INTEGRATION_CLI:-$app_home/node_modules/.bin/j1-integration}"
api_base_url="${JUPITERONE_API_BASE_URL:-https://api.us.jupiterone.io}"

if [ ! -x "$cli" ]; then
  fail "the j1-integration CLI was not found at $cli (GRAPH_TELEPORT_HOME=$app_home)."
  exit 2
fi
if [ ! -f "$app_home/dist/src/index.js" ]; then
  fail "the compiled integration was not found at $app_home/dist/src/index.js."
  exit 2
fi
heap_script="$app_home/docker/node-heap.sh"
if [ ! -f "$heap_script" ]; then
  fail "the heap sizing script was not found at $heap_script."
  exit 2
fi

# The CLI loads <project>/src/index and writes <project>/.j1-integration/. The image ships the link;
# recreate it when the project directory is a fresh volume (for example an emptyDir).
if [ ! -e "$project_dir/src" ]; then
  if ! ln -s "$app_home/dist/src" "$project_dir/src" 2>/dev/null; then
    fail "$project_dir/src is missing and cannot be created: the project directory must be writable."
    exit 2
  fi
fi

# V8's heap from the container's memory limit; an operator's --max-old-space-size in NODE_OPTIONS wins.
NODE_OPTIONS="$(sh "$heap_script")"
export NODE_OPTIONS

cd "$project_dir"
exec "$cli" run \
  --integrationInstanceId "$INTEGRATION_INSTANCE_ID" \
  --api-base-url "$api_base_url" \
  --account "$JUPITERONE_ACCOUNT" \
  --project-path "$project_dir" \
  --disable-schema-validation \
  "$@"
