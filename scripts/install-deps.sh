#!/usr/bin/env bash
# Installs what Jiceng needs from Debian 12 packages and npm, and nothing else. Fast when
# everything is already there: apt runs only for missing packages, npm ci only when the
# lock file changed.
#   scripts/install-deps.sh build   # compile and run: C++ toolchain and libraries, web deps
#   scripts/install-deps.sh test    # + PostgreSQL server and chromium (headless shell) for the tests
#   scripts/install-deps.sh bench   # + wrk and nginx for benchmarks
#   scripts/install-deps.sh test --no-web  # all but the web's npm packages (make test
#                                          # installs those beside the first compile)
#   scripts/install-deps.sh web     # the web's npm packages only
set -euo pipefail
cd "$(dirname "$0")/.."
level=${1:-build}
with_web=true
[ "${2:-}" = --no-web ] && with_web=false

# npm ci in DIR when its package-lock.json changed since the last install.
npm_ci() {
  local dir=$1
  shift
  local stamp=$dir/node_modules/.jiceng-lock-sha
  local sum
  sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    echo "install-deps: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund "$@")
    echo "$sum" > "$stamp"
  fi
}

if [ "$level" = web ]; then
  npm_ci web
  exit 0
fi

build_pkgs=(g++ cmake ninja-build pkg-config make
  libboost-dev libsqlite3-dev libpq-dev libsodium-dev nlohmann-json3-dev libcli11-dev
  libtomlplusplus-dev libspdlog-dev libfmt-dev libexpected-dev libgtest-dev
  libxlsxwriter-dev libminizip-dev libexpat1-dev libicu-dev libopencc-dev libnanoflann-dev)
# chromium-headless-shell runs the browser tests; chromium is there for screenshots by hand.
test_pkgs=(postgresql-15 chromium chromium-headless-shell sqlite3 clang-format)
bench_pkgs=(wrk nginx-light jq)

want=("${build_pkgs[@]}")
[ "$level" = test ] || [ "$level" = bench ] && want+=("${test_pkgs[@]}")
[ "$level" = bench ] && want+=("${bench_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "install-deps: Node.js 20 or newer is required for the web app (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

$with_web && npm_ci web
# cppjieba's headers and dictionaries (npm nodejieba); its native addon is not built.
npm_ci third_party --ignore-scripts
