#!/usr/bin/env bash
# `npm run demo`: the console with demo traffic on a fresh Debian or Ubuntu machine.
# Installs redis-server when it is missing (as .ci/run does), says what it does, and
# starts the console even when it cannot install: the page then says what is missing.
set -uo pipefail

say() { printf 'Labwire demo: %s\n' "$*"; }

install_redis_server() {
  if ! command -v apt-get >/dev/null; then
    say "cannot install redis-server here (no apt-get: not Debian or Ubuntu). Install Redis with this system's package manager, then run npm run demo again."
    return 1
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      say "cannot install redis-server: it needs root and sudo is not installed. As root, run: apt-get install redis-server"
      return 1
    fi
    # Without a terminal sudo cannot ask for a password; fail at once rather than wait forever.
    if [ -t 0 ]; then sudo=(sudo); else sudo=(sudo -n); fi
    say "sudo may ask for your password."
  fi
  say "installing it with: ${sudo[*]:+${sudo[*]} }apt-get install redis-server"
  if ! "${sudo[@]}" apt-get update -qq; then
    say "could not update the package lists (see above)."
    return 1
  fi
  if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends redis-server; then
    say "could not install redis-server (see above)."
    return 1
  fi
  say "redis-server is installed."
}

if ! command -v redis-server >/dev/null; then
  say "demo traffic needs redis-server, which is not installed."
  if ! install_redis_server; then
    say "starting the console without it; the page says what is missing and how to fix it."
  fi
fi

exec npm run serve -- --demo "$@"
