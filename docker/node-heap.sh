#!/bin/sh
# Sizes Node's heap from the container's memory limit. Prints the NODE_OPTIONS the integration
# should run with on stdout, and one line saying what it decided on stderr. It never fails: when it
# cannot tell, NODE_OPTIONS is printed unchanged and Node's own default applies.
#
#   NODE_OPTIONS="$(sh node-heap.sh)"
#
# The rule (docs/deployment.md, "Memory"):
#   - NODE_OPTIONS already has --max-old-space-size (or --max_old_space_size): the operator's value
#     wins and nothing is added.
#   - The container's memory limit is read from cgroup v2 <root>/memory.max, or else cgroup v1
#     <root>/memory/memory.limit_in_bytes. "max", a number of 16 digits or more (cgroup v1 writes
#     9223372036854771712 for "no limit"), a missing or unreadable file: no limit, nothing added.
#   - Otherwise --max-old-space-size is HEAP_PERCENT (75) % of the limit in MiB, at least
#     HEAP_FLOOR_MIB (256) and at most HEAP_CAP_MIB (4096), appended to NODE_OPTIONS.
#
# Why not leave it to Node: Node 20 is cgroup-aware (src/api/environment.cc,
# SetIsolateCreateParamsForNode, hands V8 the smaller of the host's memory and libuv's
# uv_get_constrained_memory), but V8 then gives the old space only half of it on 64-bit Linux
# (src/heap/heap.cc, Heap::HeapSizeFromPhysicalMemory: memory / 4 * kHeapLimitMultiplier 2). That
# suits a process whose footprint is unknown; this one's is measured: about 60 MiB of it lies
# outside V8's heap at its peak, whatever the heap limit (docs/performance.md). So 75 % goes to the
# old space, as Node's own docs suggest (doc/api/cli.md, --max-old-space-size: 1536 on a 2 GiB
# machine), and a quarter, 256 MiB of a 1 GiB limit, stays for the young generation (48 MiB on
# Node 20), code, gRPC and TLS buffers, the WebAssembly memory of the RE2 matcher and the SDK's
# upload batches. The floor and the cap are
# V8's own bounds for the default it computes (256 MiB; 4 GiB on hosts with 15 GiB or more), so the
# rule never goes below what Node would pick for a tiny container nor above what it picks on a
# large host.
#
# GRAPH_TELEPORT_CGROUP_ROOT (default /sys/fs/cgroup) exists for tests only, to point the script at
# fake cgroup files.

HEAP_PERCENT=75
HEAP_FLOOR_MIB=256
HEAP_CAP_MIB=4096
# Under this limit, a warning: only small clusters fit (docs/deployment.md, "Memory": a cluster
# of 10,000 users peaks at 230-310 MiB of RSS).
SMALLEST_USEFUL_MIB=512

root="${GRAPH_TELEPORT_CGROUP_ROOT:-/sys/fs/cgroup}"
options="${NODE_OPTIONS:-}"

say() {
  printf 'graph-teleport: %s\n' "$1" >&2
}

keep() {
  printf '%s\n' "$options"
  exit 0
}

# V8 reads - and _ alike in flag names.
case "$(printf '%s' "$options" | tr '_' '-')" in
  *--max-old-space-size*)
    say "NODE_OPTIONS sets --max-old-space-size: the heap is left as set there."
    keep
    ;;
esac

if [ -f "$root/memory.max" ]; then
  source_file="$root/memory.max"
  version=v2
elif [ -f "$root/memory/memory.limit_in_bytes" ]; then
  source_file="$root/memory/memory.limit_in_bytes"
  version=v1
else
  say "no cgroup memory limit file under $root: Node sizes the heap itself."
  keep
fi

limit=''
IFS= read -r limit 2>/dev/null <"$source_file" || true
case "$limit" in
  max)
    say "no container memory limit (cgroup $version memory.max is max): Node sizes the heap itself."
    keep
    ;;
  '' | *[!0-9]*)
    say "cannot read a memory limit from $source_file: Node sizes the heap itself."
    keep
    ;;
esac
if [ "${#limit}" -ge 16 ]; then
  say "no container memory limit (cgroup $version reports $limit bytes): Node sizes the heap itself."
  keep
fi

limit_mib=$((limit / 1048576))
heap_mib=$((limit_mib * HEAP_PERCENT / 100))
if [ "$heap_mib" -lt "$HEAP_FLOOR_MIB" ]; then
  heap_mib=$HEAP_FLOOR_MIB
fi
if [ "$heap_mib" -gt "$HEAP_CAP_MIB" ]; then
  heap_mib=$HEAP_CAP_MIB
fi

say "container memory limit ${limit_mib} MiB (cgroup $version): --max-old-space-size=${heap_mib} (${HEAP_PERCENT} % of the limit, at least ${HEAP_FLOOR_MIB}, at most ${HEAP_CAP_MIB} MiB)."
if [ "$limit_mib" -lt "$SMALLEST_USEFUL_MIB" ]; then
  say "the memory limit is under ${SMALLEST_USEFUL_MIB} MiB: enough for small clusters only. A cluster of 10,000 users needs 768Mi (docs/deployment.md, \"Memory\")."
fi
options="${options:+$options }--max-old-space-size=$heap_mib"
keep
