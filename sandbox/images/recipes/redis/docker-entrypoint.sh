#!/bin/sh
set -e
# "docker run redis --appendonly yes" means redis-server --appendonly yes.
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = redis-server ]; then
  shift
  # The official image is built with protected mode off; Debian's is on.
  # A config file, if given, stays first; flags given after ours still win.
  if [ "${1%.conf}" != "${1:-}" ]; then
    conf=$1; shift
    set -- redis-server "$conf" --protected-mode no "$@"
  else
    set -- redis-server --protected-mode no "$@"
  fi
  if [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' + 2>/dev/null || true
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
