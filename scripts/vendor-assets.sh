#!/bin/sh
# Copy the front-end files the templates load from node_modules into the app's static
# folder, so that every asset is served by the app itself (deployments are often on closed
# networks: never a CDN). Run after `npm ci`; the target folder is git-ignored.
set -eu
cd "$(dirname "$0")/.."
src=node_modules
dst=dangjian/core/static/vendor
if [ ! -d "$src/bootstrap" ] || [ ! -d "$src/htmx.org" ] || [ ! -d "$src/echarts" ]; then
    echo "vendor-assets: node_modules 不完整，请先运行 npm ci" >&2
    exit 1
fi
rm -rf "$dst"
mkdir -p "$dst/bootstrap" "$dst/htmx" "$dst/echarts"
cp "$src/bootstrap/dist/css/bootstrap.min.css" "$src/bootstrap/dist/css/bootstrap.min.css.map" "$dst/bootstrap/"
# The bundle includes Popper (dropdowns, offcanvas need it).
cp "$src/bootstrap/dist/js/bootstrap.bundle.min.js" "$src/bootstrap/dist/js/bootstrap.bundle.min.js.map" "$dst/bootstrap/"
cp "$src/htmx.org/dist/htmx.min.js" "$dst/htmx/"
cp "$src/echarts/dist/echarts.min.js" "$dst/echarts/"
for f in bootstrap/LICENSE htmx.org/LICENSE echarts/LICENSE; do
    cp "$src/$f" "$dst/$(dirname "$f" | sed 's/htmx.org/htmx/')/LICENSE"
done
echo "vendor-assets: 已复制到 $dst"
