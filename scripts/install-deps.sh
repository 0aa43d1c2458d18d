#!/usr/bin/env bash
# Installs what building and testing Dragoman needs on a fresh Debian machine:
# Tauri's system libraries, an English spelling dictionary for the translation
# fields, Xvfb, WebKitWebDriver and python3 (free ports, and closing the window and
# dropping files on it as a desktop would) for the window tests, and tauri-driver.
# Each step is skipped when its tools are already there, so running it again
# costs a second.
set -euo pipefail

packages=(
  build-essential pkg-config libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev
  xvfb x11-utils webkit2gtk-driver imagemagick fonts-noto-core fonts-dejavu-core python3
  hunspell-en-us
)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v tauri-driver >/dev/null 2>&1 && [ "${SKIP_TAURI_DRIVER:-}" != 1 ]; then
  echo "install-deps: installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi
