#!/usr/bin/env bash
# Refresh the vendored Leaflet from the npm registry: scripts/vendor_leaflet.sh 1.9.4
set -euo pipefail
version=${1:?usage: scripts/vendor_leaflet.sh VERSION}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "leaflet@$version" >/dev/null && tar xzf "leaflet-$version.tgz")
dest="$root/static/vendor/leaflet-$version"
mkdir -p "$dest"
cp "$tmp/package/dist/leaflet.js" "$tmp/package/dist/leaflet.css" "$tmp/package/LICENSE" "$dest/"
cp -r "$tmp/package/dist/images" "$dest/"
echo "Leaflet $version vendored in $dest"
