#!/usr/bin/env bash
# Runs every test: unit + integration (vitest, against the production build) and
# browser tests (Playwright with Debian's Chromium). Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ]; then
  echo "==> npm ci"
  npm ci
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/prometheus ]; then
  echo "==> installing Chromium and Prometheus from Debian (browser tests; the /metrics scrape test)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium prometheus >/dev/null
fi

echo "==> build"
npx remix build

echo "==> unit and integration tests"
npx vitest run

echo "==> browser tests"
npx playwright test
