#!/usr/bin/env bash
# Builds the Debian packages from the default build, installs them with
# `dpkg -i` and runs what they installed, using only the installed files:
#
#   1. `cmake --build build --target package` (nothing is compiled again:
#      the default build already made every file the packages hold);
#   2. the shortlist package's Depends (from dpkg-shlibdeps) name the package
#      of every library the binary and the plugins link;
#   3. in a throwaway copy-on-write root of this machine (an overlay of /,
#      in a mount namespace of its own, with this checkout hidden), dpkg -i
#      both packages, running the maintainer scripts for real, then:
#      `shortlist evaluate` on the bundled call must rank exactly as the
#      build tree's binary does; the template plugin from shortlist-dev must
#      configure with find_package(ShortlistPlugin) through
#      CMAKE_PREFIX_PATH, build and load; the systemd unit must verify, and
#      its command, run as the shortlist user, must serve the pages; a
#      reinstall (the upgrade path) and a purge must go through.
#
# The root is this machine's rather than a minimal Debian one (debootstrap)
# because that would download a whole system on every run; it proves the
# install and the installed layout, and step 2 proves the dependencies.
# Needs root (or sudo) for the mount namespace. Usage: scripts/check-package.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
checkout="$PWD"
build="$(realpath "${1:-build}")"
if [[ ! -x "$build/shortlist" ]]; then
  echo "check-package: no $build/shortlist; build the default preset first" >&2
  exit 2
fi

echo "== packages"
rm -rf "$build/packages"
cmake --build "$build" --target package -j2 >"$build/package.log" 2>&1 ||
  { cat "$build/package.log" >&2; exit 1; }
runtime=("$build"/packages/shortlist_*.deb)
dev=("$build"/packages/shortlist-dev_*.deb)
ls -l "${runtime[0]}" "${dev[0]}"
dpkg-deb -f "${runtime[0]}" Package Version Depends

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== every linked library's package is a dependency"
dpkg-deb -x "${runtime[0]}" "$work/extracted"
depends=" $(dpkg-deb -f "${runtime[0]}" Depends | tr ',|' '  ') "
missing=0
declare -A package_of
for file in "$work"/extracted/usr/bin/* "$work"/extracted/usr/lib/shortlist/plugins/*.so; do
  needed=" $(objdump -p "$file" | awk '$1 == "NEEDED" {print $2}' | tr '\n' ' ') "
  # The file each needed library resolves to here, and the package that owns
  # it (under /lib or /usr/lib: the same folder on a merged /usr).
  while read -r library _ path _; do
    [[ "$needed" == *" $library "* && -n "${path:-}" ]] || continue
    if [[ -z "${package_of[$library]:-}" ]]; then
      owner="$(dpkg -S "$path" 2>/dev/null || dpkg -S "/usr$path" 2>/dev/null ||
        dpkg -S "${path#/usr}" 2>/dev/null || true)"
      package_of[$library]="${owner%%:*}"
    fi
    package="${package_of[$library]}"
    if [[ -z "$package" || "$depends" != *" $package "* ]]; then
      echo "  ${file#"$work"/extracted}: $library (package '${package:-unknown}') is not in Depends" >&2
      missing=1
    fi
  done < <(ldd "$file")
done
((missing == 0)) || exit 1
for script in postinst prerm postrm; do
  dpkg-deb --ctrl-tarfile "${runtime[0]}" | tar -xO "./$script" | sh -n
done
echo "  ok"

# What the installed binary must reproduce: the build tree's ranking, with
# the source files named relative to the data folder. Files read outside a
# store get a new tracking code on every run: the codes are left out.
no_codes='s/[0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}//'
(cd "$checkout" && "$build/shortlist" evaluate --format csv 2>/dev/null) | sed "$no_codes" >"$work/expected.csv"

echo "== dpkg -i into a throwaway root"
sudo=()
if ((EUID != 0)); then sudo=(sudo); fi
cp "${runtime[0]}" "${dev[0]}" "$work/"
cat >"$work/installed.sh" <<'INNER'
#!/bin/sh
# Runs inside the throwaway root, where the checkout is hidden.
set -eu
cd /tmp
dpkg -i /tmp/shortlist_*.deb /tmp/shortlist-dev_*.deb >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; exit 1; }
getent passwd shortlist | grep -q ':/var/lib/shortlist:' || { echo "no shortlist system user"; exit 1; }
command -v shortlist
shortlist --version | head -2
shortlist evaluate --format csv 2>/dev/null | sed -e 's#/usr/share/shortlist/##' \
  -e 's/[0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}//' >/tmp/installed.csv
diff -u /tmp/expected.csv /tmp/installed.csv || { echo "the installed shortlist ranks differently"; exit 1; }
echo "  installed evaluate ranks as the build does"
shortlist evaluate | sed -n '2p'
man -w shortlist >/dev/null
unit=/usr/lib/systemd/system/shortlist.service
systemd-analyze verify "$unit"
# The unit's command as its user, in the state folder systemd would make
# (StateDirectory=), on a free port: the store opens, the pages and their
# stylesheet come from the installed files.
install -d -o shortlist -g shortlist -m 750 /var/lib/shortlist
command="$(sed -n 's/^ExecStart=//p' "$unit" | sed 's/--port 8080/--port 0/')"
# shellcheck disable=SC2086 # the unit's command line, split into words as systemd does
(cd /var/lib/shortlist &&
  exec setpriv --reuid=shortlist --regid=shortlist --init-groups $command >/tmp/serve.out 2>/tmp/serve.err) &
server=$!
for _ in $(seq 100); do grep -q '^listening on' /tmp/serve.out && break; sleep 0.1; done
url="$(sed -n 's/^listening on //p' /tmp/serve.out)"
[ -n "$url" ] || { kill "$server" 2>/dev/null; cat /tmp/serve.err; echo "the service did not start"; exit 1; }
curl -fsS "$url/api/v1/health" | grep -q '"database":"ok"'
curl -fsS "$url/status?lang=fr" | grep -q 'lang="fr"'
curl -fsS "$url/static/shortlist.css" >/dev/null
kill -TERM "$server"
wait "$server"
test "$(stat -c %U /var/lib/shortlist/shortlist.db)" = shortlist
echo "  the unit's command serves as the shortlist user from /var/lib/shortlist"
cp -r /usr/share/doc/shortlist-dev/examples/template /tmp/template
if ! { cmake -S /tmp/template -B /tmp/template-build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH=/usr && cmake --build /tmp/template-build; } >/tmp/template.log 2>&1; then
  cat /tmp/template.log
  exit 1
fi
shortlist plugins list --plugins /tmp/template-build | grep my_criterion
echo "  the template plugin builds against the installed SDK and loads"
dpkg -i /tmp/shortlist_*.deb >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; exit 1; }
dpkg --purge shortlist-dev shortlist >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; exit 1; }
test ! -e /usr/bin/shortlist
echo "  reinstalled and purged"
INNER
chmod +x "$work/installed.sh"
cat >"$work/namespace.sh" <<'NAMESPACE'
#!/bin/sh
# In a mount namespace of its own: an overlay of / whose writes land in
# memory, with /dev, /proc and a fresh /tmp, and the checkout hidden.
set -eu
work="$1" checkout="$2"
mount -t tmpfs tmpfs "$work/layers"
mkdir "$work/layers/upper" "$work/layers/scratch" "$work/layers/root"
root="$work/layers/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/layers/upper,workdir=$work/layers/scratch" "$root"
mount --bind /dev "$root/dev"
mount -t proc proc "$root/proc"
mount -t tmpfs tmpfs "$root$checkout"
mount -t tmpfs tmpfs "$root/tmp"
cp "$work"/*.deb "$work/installed.sh" "$work/expected.csv" "$root/tmp/"
chroot "$root" /tmp/installed.sh
NAMESPACE
mkdir "$work/layers"
if ! "${sudo[@]}" unshare --mount true; then
  echo "check-package: cannot make a mount namespace here (it takes root with CAP_SYS_ADMIN," >&2
  echo "e.g. a container started with --privileged); the install was not checked" >&2
  exit 1
fi
"${sudo[@]}" unshare --mount --propagation private sh "$work/namespace.sh" "$work" "$checkout"
echo "== package check passed"
