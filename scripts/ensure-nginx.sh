#!/usr/bin/env bash
# The one-origin browser test (test/e2e/one-origin.spec.ts) puts Debian's nginx in front of the
# built app and a loopback Spine. Installs nginx with apt when it is missing; needs root (or
# password-less sudo). The package's own service is never started by this script: when no
# policy-rc.d exists, one that refuses service starts is in place for the install only, so
# nothing listens on port 80 afterwards.
set -euo pipefail
NGINX="${NGINX_PATH:-/usr/sbin/nginx}"
if [ -x "$NGINX" ]; then exit 0; fi
echo "nginx not found at $NGINX: installing Debian's nginx package…"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "Installing nginx needs root: run 'sudo apt-get install -y nginx' and try again." >&2
    exit 1
  fi
fi
POLICY=/usr/sbin/policy-rc.d
if [ ! -e "$POLICY" ]; then
  $SUDO sh -c "printf '#!/bin/sh\n# no service starts while ensure-nginx.sh installs nginx\nexit 101\n' > $POLICY && chmod 755 $POLICY"
  trap '$SUDO rm -f "$POLICY"' EXIT
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends nginx; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends nginx
fi
[ -x "$NGINX" ] || { echo "nginx is still missing at $NGINX" >&2; exit 1; }
