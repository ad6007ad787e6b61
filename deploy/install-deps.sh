#!/usr/bin/env bash
# Installs every Debian 12 package RunForm needs to build, test and run.
# Idempotent: packages already present are skipped. Works as root or through sudo.
set -euo pipefail

PACKAGES=(
  build-essential cmake git pkg-config
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libcli11-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libsqlite3-dev libpq-dev postgresql libtomlplusplus-dev libspdlog-dev
  libopencv-dev libavutil-dev libonnx-dev curl ca-certificates
  tmux clang libfuzzer-14-dev
  libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri xvfb xauth fonts-dejavu-core libopencv-contrib-dev
  espeak-ng sox imagemagick
  libsodium-dev
  clang-format clang-tidy python3
  libcairo2-dev libqrencode-dev poppler-utils
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
