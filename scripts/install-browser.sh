#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (tests/web/test_browser.py) when it is missing.
# Playwright drives this system browser; `playwright install` (which downloads a browser build) is
# never used, because the intranet and CI reach only the package registries.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
else
    SUDO=""
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get here; install Chromium yourself at /usr/bin/chromium" >&2
    exit 1
fi

echo "install-browser: installing Debian's chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null
/usr/bin/chromium --version 2>/dev/null | head -1
