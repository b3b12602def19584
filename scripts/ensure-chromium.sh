#!/usr/bin/env bash
# Makes sure Debian's Chromium (and CJK fonts, so that screenshots of the
# Chinese page are readable) are installed for the browser tests.
# Installs them when running as root; otherwise fails saying how.
set -euo pipefail

have_chromium() { command -v chromium >/dev/null 2>&1; }
have_fonts() { dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed'; }

if have_chromium && have_fonts; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "rtcprice: installing Chromium and CJK fonts for the browser tests (apt-get install -y chromium fonts-noto-cjk)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
if ! have_chromium; then
  echo "rtcprice: the browser tests need Chromium. Install it with: sudo apt-get install -y chromium" >&2
  exit 1
fi
if ! have_fonts; then
  echo "rtcprice: warning: fonts-noto-cjk is missing; Chinese text in screenshots will not be readable (sudo apt-get install -y fonts-noto-cjk)" >&2
fi
