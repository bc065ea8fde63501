#!/usr/bin/env bash
# Debian's chromium for the browser tests (Playwright drives it through executable_path; no
# browser is ever downloaded by a test tool). Installed only when missing and when we can.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests..."
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium >/dev/null
else
    echo "chromium is missing and cannot be installed here (not root): browser tests will be skipped" >&2
fi
