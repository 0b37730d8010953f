#!/usr/bin/env bash
# Installs every Debian 12 package the build, the tests, the benchmarks and the GUI need.
# Idempotent: safe to run again. Starts with apt-get update, relies on nothing already installed.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
PKGS=(
  build-essential g++ cmake ninja-build ccache pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libqt6sql6-sqlite
  qt6-qpa-plugins libgl-dev
  libeigen3-dev libxgboost-dev xgboost libsqlite3-dev sqlite3
  xvfb xauth
  clang libclang-rt-14-dev
  dpkg-dev fakeroot lintian file
  postgresql libpq-dev libqt6sql6-psql qt6-httpserver-dev qt6-websockets-dev libcpp-httplib-dev libsimdjson-dev wrk curl
)
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${PKGS[@]}"
