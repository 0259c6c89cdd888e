#!/bin/bash
# c. Our prototypes against upstream v1.7.0's (see protos.py).
set -u
. "$(dirname "$0")/common.sh"
exec python3 "$ABI_DIR/protos.py" "$INC" "$UPSTREAM"
