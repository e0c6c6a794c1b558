#!/usr/bin/env bash
# Makes sure the MariaDB/MySQL server of DATABASE_URL answers when it is on this machine; starts the
# local MariaDB (installing it from Debian's packages if missing) when it is the default 127.0.0.1:3306.
# A DATABASE_URL on another host is left alone: nothing is pinged, installed or started.
set -euo pipefail
url="${DATABASE_URL:-mysql://root@127.0.0.1:3306/segments}"
# scheme://[user[:password]@]host[:port]/database — host may be [IPv6].
if [[ ! "$url" =~ ^[A-Za-z][A-Za-z0-9+.-]*://([^@/]*@)?(\[[^]/]*\]|[^:/?#]*)(:([0-9]+))?([/?#]|$) ]]; then
  echo "DATABASE_URL is not a mysql:// URL; not starting a local MariaDB (the service reports the problem)" >&2
  exit 0
fi
host="${BASH_REMATCH[2]}"
host="${host#[}"; host="${host%]}"
port="${BASH_REMATCH[4]:-3306}"
case "$host" in
  ""|127.0.0.1|localhost|::1) ;;
  *)
    echo "DATABASE_URL points to $host, not this machine: no local MariaDB is checked or started" >&2
    exit 0
    ;;
esac
ping_db() { mariadb-admin --protocol=tcp -h 127.0.0.1 -P "$port" -u root ping >/dev/null 2>&1 || mysqladmin --protocol=tcp -h 127.0.0.1 -P "$port" -u root ping >/dev/null 2>&1; }
if ping_db; then exit 0; fi
if [ "$port" != 3306 ]; then
  echo "Nothing answers on 127.0.0.1:$port; only the default port 3306 is started automatically" >&2
  exit 1
fi
if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  echo "MariaDB is not installed; installing it from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq mariadb-server >/dev/null
fi
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
for _ in $(seq 1 60); do
  if ping_db; then exit 0; fi
  sleep 1
done
echo "MariaDB did not come up on 127.0.0.1:3306" >&2
exit 1
