#!/usr/bin/env bash
# Drives the real Dragoman window (all suites, or the files given, relative to
# tests/desktop): builds the debug app (with the UI already built
# into ui/dist), starts Xvfb on a free display and tauri-driver (which runs
# Debian's WebKitWebDriver) on free ports, runs the suite against a temporary
# store, and stops everything it started, also when a test fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

if [ ! -f ui/dist/index.html ]; then
  echo "tests/desktop: ui/dist is missing; build the UI first (make ui)" >&2
  exit 1
fi
command -v tauri-driver >/dev/null || { echo "tests/desktop: tauri-driver is missing; run scripts/install-deps.sh" >&2; exit 1; }
command -v WebKitWebDriver >/dev/null || { echo "tests/desktop: WebKitWebDriver is missing; run scripts/install-deps.sh" >&2; exit 1; }

cargo build -p dragoman-desktop -p dragoman-cli
target_dir="${CARGO_TARGET_DIR:-$root/target}"
export DRAGOMAN_APP="$target_dir/debug/dragoman-desktop"
# Suites seed the store with the command line before starting the window.
export DRAGOMAN_CLI="$target_dir/debug/dragoman"
[ -d "$here/node_modules/webdriverio" ] || npm --prefix "$here" ci --no-audit --no-fund --ignore-scripts

work="$(mktemp -d -t dragoman-desktop-e2e.XXXXXX)"
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

display=99
while [ -e "/tmp/.X${display}-lock" ] || [ -e "/tmp/.X11-unix/X${display}" ]; do
  display=$((display + 1))
done
Xvfb ":$display" -screen 0 1440x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=":$display"
for _ in $(seq 50); do
  xdpyinfo >/dev/null 2>&1 && break
  sleep 0.1
done

# Everything the app keeps goes under $work: the store, and the home folder that
# the default inbox and export folders are made in.
export DRAGOMAN_DB="$work/desk.db"
export HOME="$work/home"
export XDG_DATA_HOME="$work/home/.local/share"
export XDG_CONFIG_HOME="$work/home/.config"
export XDG_CACHE_HOME="$work/home/.cache"
mkdir -p "$HOME"
export DRAGOMAN_E2E_WORK="$work"
# The system browser, as far as the app can tell: the opener hands web links to
# xdg-open, and this one writes down what it was given (03-security reads it).
mkdir -p "$work/bin"
cat >"$work/bin/xdg-open" <<'OPEN'
#!/bin/sh
printf '%s\n' "$1" >>"$DRAGOMAN_OPENED"
OPEN
chmod +x "$work/bin/xdg-open"
export PATH="$work/bin:$PATH"
export DRAGOMAN_OPENED="$work/opened.txt"
export DRAGOMAN_ARTIFACTS="$root/artifacts/desktop"
rm -rf "$DRAGOMAN_ARTIFACTS"
mkdir -p "$DRAGOMAN_ARTIFACTS"

port="$(free_port)"
native_port="$(free_port)"
tauri-driver --port "$port" --native-port "$native_port" >"$work/tauri-driver.log" 2>&1 &
pids+=($!)
export DRAGOMAN_WD_PORT="$port"
for _ in $(seq 100); do
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

set +e
if [ $# -gt 0 ]; then suites=("$@"); else suites=(suite/); fi
(cd "$here" && node --test --test-concurrency=1 --test-reporter=spec "${suites[@]}")
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "--- tauri-driver log ---" >&2
  tail -n 60 "$work/tauri-driver.log" >&2
fi
echo "tests/desktop: screenshots in $DRAGOMAN_ARTIFACTS"
exit "$status"
