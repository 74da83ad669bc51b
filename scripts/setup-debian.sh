#!/usr/bin/env bash
# Installs what f8studio needs from Debian/Ubuntu packages: nats-server (the product) and chromium
# (the browser tests). Runs apt-get directly as root and through sudo otherwise; installs only
# what is missing. Used by .ci/run and by the README's first run.
set -euo pipefail
need=()
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || need+=(nats-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then
  echo "setup: nats-server and chromium are installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup: run as root, or install sudo, to apt-get install ${need[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "setup: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
