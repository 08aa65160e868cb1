#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the platform needs, only those missing.
#   scripts/system-packages.sh run    what `make run` needs (PDF rendering, gettext, Node)
#   scripts/system-packages.sh test   plus PostgreSQL, Redis, Chromium and PDF/QR checkers
set -euo pipefail
want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext nodejs npm)
if [ "${1:-run}" = "test" ]; then
  want+=(postgresql redis-server chromium poppler-utils zbar-tools)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# Node may come from elsewhere than Debian (e.g. a preinstalled toolchain).
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
[ "${#missing[@]}" -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
