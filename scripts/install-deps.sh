#!/usr/bin/env bash
# Installs the Debian 12 packages Shortlist needs to build and test, only
# those that are missing. Runs apt-get as root, or through sudo otherwise.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config icu-devtools
  libboost-dev libboost-filesystem-dev libboost-graph-dev
  libpoco-dev libssl-dev libpq-dev libyaml-cpp-dev libicu-dev libcld2-dev libstemmer-dev libpoppler-cpp-dev zlib1g-dev
  libzxcvbn-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium wrk openssl curl
  clang libclang-rt-14-dev time mount util-linux
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "All build dependencies are installed."
  exit 0
fi

sudo=()
if ((EUID != 0)); then sudo=(sudo); fi
echo "Installing: ${missing[*]}"
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
