#!/usr/bin/env bash
# Regenerates tools/startup-hot.txt (the functions the minimal and bootstrap
# examples run and those a soak cycle runs, grouped at link time by
# tools/hot-sections.sh): the benchmark-side name for `tools/startup-hot.sh
# update`. `make test` checks the list (tools/startup-hot.sh check). Root.
exec "$(dirname "$0")/../tools/startup-hot.sh" update
