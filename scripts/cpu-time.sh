#!/usr/bin/env bash
# Runs a command and prints its wall time and the whole machine's busy CPU time meanwhile
# (from /proc/stat), so work done by daemons it starts — a private PostgreSQL — counts too.
# Meaningful only on an otherwise idle machine.
#   scripts/cpu-time.sh LABEL COMMAND [ARG...]
set -uo pipefail
label=$1
shift
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
b0=$(busy)
t0=$(date +%s.%N)
"$@"
rc=$?
b1=$(busy)
t1=$(date +%s.%N)
ticks=$(getconf CLK_TCK)
awk -v l="$label" -v w="$(echo "$t1 - $t0" | bc)" -v c="$(( (b1 - b0) / ticks ))" -v rc=$rc \
  'BEGIN { printf "%s: wall %.1f s, machine busy %d s, exit %d\n", l, w, c, rc }' >&2
exit $rc
