#!/usr/bin/env bash
# Regenerates tools/startup-hot.txt (the functions the minimal and bootstrap
# examples run, grouped at link time by tools/hot-sections.sh); kept as the
# benchmark-side name for tools/startup-hot.sh update. `make test` checks the
# list (tools/startup-hot.sh check). Run as root.
exec "$(dirname "$0")/../tools/startup-hot.sh" update
