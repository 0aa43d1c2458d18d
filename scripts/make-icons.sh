#!/usr/bin/env bash
# Draws the app icon (src-tauri/icons/*.png) with ImageMagick: a rounded ink-blue
# square with a white "D" and an amber rule beneath it, at the sizes the .deb
# installs. The PNGs are committed; run this again only to change the design.
set -euo pipefail
cd "$(dirname "$0")/.."
convert=/usr/bin/convert
out=src-tauri/icons
mkdir -p "$out"
font=$(fc-match -f '%{file}' 'DejaVu Sans:bold')
"$convert" -size 512x512 xc:none \
  -fill '#1f3a5f' -draw 'roundrectangle 24,24 488,488 96,96' \
  -fill '#f2b134' -draw 'roundrectangle 136,392 376,420 14,14' \
  -font "$font" -pointsize 330 -fill white -gravity center -annotate +0-30 'D' \
  -define png:color-type=6 "PNG32:$out/icon.png"
for size in 32 128; do
  "$convert" "$out/icon.png" -resize "${size}x${size}" -define png:color-type=6 "PNG32:$out/${size}x${size}.png"
done
