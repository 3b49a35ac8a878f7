#!/usr/bin/env bash
# CI: the Prometheus alert rules (deploy/prometheus) are valid and do what their unit tests say. Installs promtool
# from Debian's `prometheus` package when it is missing (the package's daemon is not needed and is stopped).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v promtool >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    # the package starts its server where an init system runs; CI only needs the binary
    if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
        systemctl stop prometheus
    elif command -v service >/dev/null; then
        service prometheus stop >/dev/null 2>&1 || true
    fi
fi

promtool check rules deploy/prometheus/poolguard-rules.yml
promtool test rules deploy/prometheus/poolguard-rules.test.yml
