#!/usr/bin/env bash
# Checks the .deb that `make package` built: its control data names a maintainer
# and a description, it holds the binary, the desktop entry and the icon, it
# installs with dpkg, and the installed app starts and paints its window (under
# Xvfb, on a temporary store, so the user's store is never touched).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
deb="$(ls -t "$target_dir"/release/bundle/deb/*.deb 2>/dev/null | head -n 1)"
[ -n "$deb" ] || { echo "check-deb: no .deb under $target_dir/release/bundle/deb; run make package" >&2; exit 1; }
echo "check-deb: $deb"

info="$(dpkg-deb --info "$deb")"
grep -q '^ Package: dragoman' <<<"$info" || { echo "check-deb: unexpected package name" >&2; exit 1; }
grep -q '^ Maintainer: Dragoman' <<<"$info" || { echo "check-deb: no maintainer" >&2; exit 1; }
grep -q '^ Description: Offline translation desk' <<<"$info" || { echo "check-deb: no description" >&2; exit 1; }
contents="$(dpkg-deb --contents "$deb")"
for path in usr/bin/dragoman-desktop usr/share/applications/Dragoman.desktop usr/share/icons/hicolor/; do
  grep -q "$path" <<<"$contents" || { echo "check-deb: $path is missing from the package" >&2; exit 1; }
done

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd dpkg -i "$deb"
/usr/bin/dragoman-desktop --version

work="$(mktemp -d -t dragoman-check-deb.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
display=99
while [ -e "/tmp/.X${display}-lock" ] || [ -e "/tmp/.X11-unix/X${display}" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
sleep 1
mkdir -p "$work/home"
DISPLAY=":$display" HOME="$work/home" DRAGOMAN_DB="$work/desk.db" \
  /usr/bin/dragoman-desktop >"$work/out.log" 2>"$work/err.log" &
pids+=($!)
# The packaged app has no benchmark hooks (the `bench` feature), so the paint is
# seen from outside: the screen, once the window is up, holds more than a handful
# of colours (an empty desk draws its header, buttons and text).
painted() {
  DISPLAY=":$display" /usr/bin/import -window root -depth 8 "rgb:$work/screen.rgb" 2>/dev/null || return 1
  python3 - "$work/screen.rgb" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
colours = {data[i:i + 3] for i in range(0, len(data) - 2, 3 * 97)}
sys.exit(0 if len(colours) > 8 else 1)
PY
}
for _ in $(seq 120); do
  painted && break
  sleep 0.5
done
if painted; then
  echo "check-deb: the installed app started and painted its desk"
else
  echo "check-deb: the installed app did not paint its desk within 60 s" >&2
  tail -n 20 "$work/err.log" >&2
  exit 1
fi
