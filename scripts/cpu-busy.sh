#!/usr/bin/env bash
# Runs a command and prints its wall time and the machine's busy core-seconds meanwhile,
# read from /proc/stat (user + nice + system + irq + softirq + steal). Unlike `time`, it
# counts every process — chromium's renderers, PostgreSQL's backends — not only those the
# command waits for; other load on the machine counts too (docs/PERFORMANCE.md).
#   scripts/cpu-busy.sh make test
read -r _ u n s _ _ q sq st _ < /proc/stat
b0=$((u + n + s + q + sq + st))
t0=$(date +%s.%N)
"$@"
rc=$?
read -r _ u n s _ _ q sq st _ < /proc/stat
b1=$((u + n + s + q + sq + st))
t1=$(date +%s.%N)
echo "WALL $(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s, BUSY $(((b1 - b0) / $(getconf CLK_TCK))) core-s" >&2
exit $rc
