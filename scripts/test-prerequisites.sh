#!/bin/sh
# What the test suite needs besides Node.js packages, installed from Debian's packages when missing:
# `npm test` runs this first, so that on a fresh Debian machine the suite needs nothing done by hand.
# Elsewhere it names what is missing and the suite goes on (the tests that need a tool then fail,
# saying which).
set -eu

missing=''
need() { # need <package…> -- <check command…>
  packages=''
  while [ "$1" != '--' ]; do packages="$packages $1"; shift; done
  shift
  "$@" >/dev/null 2>&1 || missing="$missing$packages"
}

# The PostgreSQL store, its failover drills and the geometry oracle (PostGIS) start their own clusters.
need postgresql-15 postgresql-15-postgis-3 -- test -f /usr/share/postgresql/15/extension/postgis.control
# The webhook tests make their HTTPS endpoint's certificate with openssl.
need openssl -- command -v openssl
# The witness is tried against an independent C2SP log: Go's own sumdb/note and sumdb/tlog packages.
need golang-go golang-golang-x-mod-dev -- test -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog
need golang-go -- command -v go
# What a party may see as GeoJSON and KML is checked with GDAL, the library QGIS reads files with.
need gdal-bin -- command -v ogrinfo
# The browser tests drive Debian's Chromium (headless, no GPU) through playwright-core.
need chromium -- test -x /usr/bin/chromium

[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "deconflict: the tests also need:$missing (Debian package names); their tests fail without them" >&2
  exit 0
fi
sudo=''
[ "$(id -u)" -eq 0 ] || sudo='sudo'
echo "deconflict: installing what the tests need:$missing" >&2
$sudo apt-get update
# shellcheck disable=SC2086 # one word per package
$sudo apt-get install -y --no-install-recommends $missing
