#!/usr/bin/env bash
# Installs the Debian 12 packages Shortlist needs to build and test, only
# those that are missing, then the npm packages the interface tests use
# (tests/web: the OpenAPI validator, a client generator, axe-core) at the
# versions tests/web/package-lock.json pins. Runs apt-get as root, or
# through sudo otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config icu-devtools
  libboost-dev libboost-filesystem-dev libboost-graph-dev
  libpoco-dev libssl-dev libpq-dev libyaml-cpp-dev libicu-dev libcld2-dev libstemmer-dev libpoppler-cpp-dev zlib1g-dev
  libzxcvbn-dev
  libpodofo-dev fonts-dejavu-core  # PDF application forms: fillable fields, and a font with Arabic
  libgtest-dev libgmock-dev libbenchmark-dev
  dpkg-dev man-db systemd adduser  # the Debian package and its check (scripts/check-package.sh)
  chromium wrk openssl curl
  clang libclang-rt-14-dev time mount util-linux
)
# Debian's Node.js and npm, unless a Node.js from elsewhere already brings
# npm (NodeSource's package provides it, and conflicts with Debian's).
if ! command -v npm >/dev/null; then packages+=(nodejs npm); fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "All build dependencies are installed."
else
  sudo=()
  if ((EUID != 0)); then sudo=(sudo); fi
  echo "Installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm ci installs exactly the lock file; it is run again only when that changes.
stamp=tests/web/node_modules/.installed-from-lock.json
if ! cmp -s tests/web/package-lock.json "$stamp"; then
  echo "Installing the npm packages of tests/web"
  (cd tests/web && npm ci --no-audit --no-fund)
  cp tests/web/package-lock.json "$stamp"
fi
