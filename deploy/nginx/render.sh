#!/usr/bin/env bash
# Makes the nginx configuration of the one-origin deployment from its templates and settings.
#
#   deploy/nginx/render.sh [SETTINGS_FILE]               prints the site configuration
#   deploy/nginx/render.sh --standalone [SETTINGS_FILE]  writes $SCR_PREFIX/scr-upload.conf and
#                                                        $SCR_PREFIX/nginx.conf (an nginx that runs
#                                                        as an ordinary user, everything under SCR_PREFIX)
#
# Settings are KEY=value lines (deploy/nginx/settings.example.env lists them); a variable set in
# the environment wins over the file. The file is read, never executed. Every value is checked
# against what its place in the configuration allows, so no setting can add nginx directives.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true

HERE="$(cd "$(dirname "$0")" && pwd)"
die() { echo "render.sh: $*" >&2; exit 2; }

standalone=0
if [ "${1:-}" = "--standalone" ]; then standalone=1; shift; fi
[ $# -le 1 ] || die "usage: render.sh [--standalone] [SETTINGS_FILE]"

KNOWN=(SCR_SERVER_NAME SCR_LISTEN SCR_TLS_CERTIFICATE SCR_TLS_CERTIFICATE_KEY SCR_APP_ROOT
  SCR_UPSTREAM_HOST SCR_UPSTREAM_PORT SCR_UPSTREAM_FHIR_PATH SCR_UPSTREAM_TOKEN_PATH SCR_UPSTREAM_CA
  SCR_PREFIX SCR_MIME_TYPES)

# The file's values, for variables the environment does not set.
if [ $# -eq 1 ]; then
  [ -r "$1" ] || die "cannot read the settings file $1"
  lineno=0
  while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    line="${line%$'\r'}"
    [[ "$line" =~ ^[[:space:]]*(#.*)?$ ]] && continue
    [[ "$line" =~ ^[[:space:]]*([A-Z_]+)=(.*)$ ]] || die "$1 line $lineno: expected KEY=value"
    key="${BASH_REMATCH[1]}"
    value="${BASH_REMATCH[2]}"
    # One pair of surrounding quotes is allowed, as in a shell file.
    if [[ "$value" =~ ^\"(.*)\"$ || "$value" =~ ^\'(.*)\'$ ]]; then value="${BASH_REMATCH[1]}"; fi
    known=0
    for k in "${KNOWN[@]}"; do [ "$k" = "$key" ] && known=1; done
    [ $known -eq 1 ] || die "$1 line $lineno: unknown setting $key"
    if [ -z "${!key+set}" ]; then printf -v "$key" '%s' "$value"; fi
  done < "$1"
fi

: "${SCR_LISTEN:=443}"
: "${SCR_UPSTREAM_PORT:=443}"
: "${SCR_UPSTREAM_FHIR_PATH:=/summary-care-record/FHIR/R4}"
: "${SCR_UPSTREAM_TOKEN_PATH:=/oauth2/token}"
: "${SCR_UPSTREAM_CA:=/etc/ssl/certs/ca-certificates.crt}"
: "${SCR_MIME_TYPES:=/etc/nginx/mime.types}"

PATH_RE='^/[A-Za-z0-9._/@+-]*$'
check() {
  local name=$1 pattern=$2 what=$3
  local value="${!name-}"
  [ -n "$value" ] || die "$name is not set ($what)"
  [[ "$value" =~ $pattern ]] || die "$name='$value' is not $what"
}
check SCR_SERVER_NAME '^[A-Za-z0-9.*_-]+( [A-Za-z0-9.*_-]+)*$' 'one or more host names separated by spaces'
check SCR_LISTEN '^(([0-9.]+|\[[0-9A-Fa-f:]+\]):)?[0-9]{1,5}$' 'a port, or address:port'
check SCR_TLS_CERTIFICATE "$PATH_RE" 'an absolute path (the PEM certificate chain of this server)'
check SCR_TLS_CERTIFICATE_KEY "$PATH_RE" 'an absolute path (the PEM private key of this server)'
check SCR_APP_ROOT "$PATH_RE" 'an absolute path (the built app: the dist folder)'
check SCR_UPSTREAM_HOST '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$' 'a host name or IPv4 address'
check SCR_UPSTREAM_PORT '^[0-9]{1,5}$' 'a port number'
check SCR_UPSTREAM_FHIR_PATH '^(/[A-Za-z0-9._~-]+)+$' 'a path such as /summary-care-record/FHIR/R4 (no trailing slash)'
check SCR_UPSTREAM_TOKEN_PATH '^(/[A-Za-z0-9._~-]+)+$' 'a path such as /oauth2/token'
check SCR_UPSTREAM_CA "$PATH_RE" 'an absolute path (the CA bundle that verifies the API)'

SCR_UPSTREAM_AUTHORITY="$SCR_UPSTREAM_HOST:$SCR_UPSTREAM_PORT"
if [ "$SCR_UPSTREAM_PORT" = 443 ]; then SCR_UPSTREAM_HOST_HEADER="$SCR_UPSTREAM_HOST"; else SCR_UPSTREAM_HOST_HEADER="$SCR_UPSTREAM_AUTHORITY"; fi

# Prints a template with each {{NAME}} replaced by the variable's (checked) value.
render() {
  local line name
  while IFS= read -r line || [ -n "$line" ]; do
    while [[ "$line" =~ \{\{([A-Z_]+)\}\} ]]; do
      name="${BASH_REMATCH[1]}"
      [ -n "${!name-}" ] || die "$1 needs $name"
      line="${line//"{{$name}}"/${!name}}"
    done
    printf '%s\n' "$line"
  done < "$1"
}

if [ $standalone -eq 0 ]; then
  render "$HERE/scr-upload.conf.template"
  exit 0
fi

check SCR_PREFIX "$PATH_RE" 'an absolute path (the folder for the pid file, logs and temporary files)'
check SCR_MIME_TYPES "$PATH_RE" "an absolute path (nginx's mime.types)"
mkdir -p "$SCR_PREFIX/temp"
site="$(render "$HERE/scr-upload.conf.template")"
main="$(render "$HERE/standalone.conf.template")"
printf '%s\n' "$site" > "$SCR_PREFIX/scr-upload.conf"
printf '%s\n' "$main" > "$SCR_PREFIX/nginx.conf"
echo "$SCR_PREFIX/nginx.conf"
