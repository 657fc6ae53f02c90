# Shell helpers shared by scripts/ and bench/. Source it: . "$(dirname "$0")/../scripts/lib.sh"

# Prints a free loopback TCP port: a random one that nothing answers on.
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 12000))  # below Linux's ephemeral range (32768–60999)
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  echo "no free port found" >&2
  return 1
}
