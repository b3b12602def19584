#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests.
# Installs it when running as root; otherwise fails saying how.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "rtcprice: installing Chromium for the browser tests (apt-get install -y chromium)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  command -v chromium >/dev/null 2>&1 && exit 0
fi
echo "rtcprice: the browser tests need Chromium. Install it with: sudo apt-get install -y chromium" >&2
exit 1
