#!/bin/bash
# c. Our prototypes against upstream v1.7.0's (see protos.py).
. "$(dirname "$0")/common.sh"
reference_src
python3 "$here/protos.py" "$INC" "$UPSTREAM"
