#!/usr/bin/env bash
# CI: the outside tools the tests use, from Debian's packages, installed before `./mvnw -B verify` when missing:
#   chromium, chromedriver  packages `chromium` and `chromium-driver`: DashboardIT drives the browser through
#                         Selenium at /usr/bin/chromium and /usr/bin/chromedriver (nothing downloads a browser).
#   prometheus, promtool  package `prometheus`: PrometheusEndToEndIT runs the server, check-*.sh run promtool.
#                         Only the binaries are needed; where an init system runs, the package's daemon is stopped.
#   kubectl               Debian has no `kubectl` package; its `kubernetes-client` package is kubectl 1.20.2 (with
#                         kustomize 2.0.3). It is unpacked into target/tools, beside any other kubectl the machine
#                         has (its /usr/bin/kubectl would clash with one installed from another source), and
#                         KubernetesManifestsTest renders deploy/kubernetes with it and with any kubectl on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

updated=""
apt_update() {
    [[ -n $updated ]] || { apt-get update -qq; updated=1; }
}

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    apt_update
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
echo "install-tools: $(/usr/bin/chromium --version 2>&1 | head -1)"

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
    apt_update
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
        systemctl stop prometheus
    elif command -v service >/dev/null; then
        service prometheus stop >/dev/null 2>&1 || true
    fi
fi
echo "install-tools: $(prometheus --version 2>&1 | head -1)"

KUBECTL=target/tools/usr/bin/kubectl
if [[ ! -x $KUBECTL ]]; then
    apt_update
    download=$(mktemp -d)
    chmod 777 "$download" # apt downloads as its unprivileged user
    (cd "$download" && apt-get download -qq kubernetes-client)
    mkdir -p target/tools
    dpkg-deb --fsys-tarfile "$download"/kubernetes-client_*.deb | tar -x -C target/tools ./usr/bin/kubectl
    rm -rf "$download"
fi
echo "install-tools: Debian's kubectl $("$KUBECTL" version --client --short 2>/dev/null || "$KUBECTL" version --client)"
