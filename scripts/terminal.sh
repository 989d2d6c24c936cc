#!/usr/bin/env bash
# Runs the tests that drive followup in a real terminal (tmux): the guided add, the debrief
# round trip through vi, and colour on and off. Installs tmux and vim when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v tmux >/dev/null || missing+=(tmux)
command -v vi >/dev/null || missing+=(vim)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}"
fi
cargo test --test it terminal:: -- --test-threads=2
