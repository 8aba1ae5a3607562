#!/usr/bin/env bash
# The report test opens verify's HTML report in a real Chromium. Test tools' own browser
# downloads cannot reach the network here, so the browser comes from Debian's packages.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium from Debian's packages (once) for the report test…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The tests need Chromium at $browser: run 'sudo apt-get install chromium', or set CHROMIUM_PATH." >&2
exit 1
