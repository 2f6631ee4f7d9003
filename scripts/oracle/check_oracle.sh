#!/bin/sh
# Run the botocore oracle over folders of conformance cases and report every
# difference from the stored expected.json files.
#   scripts/oracle/check_oracle.sh [--ignore-messages] [DIR...]
# Default DIR: test/fixtures/conformance
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-python3}
if [ $# -eq 0 ] || { [ $# -eq 1 ] && [ "$1" = --ignore-messages ]; }; then
  set -- "$@" "$root/test/fixtures/conformance"
fi
exec "$py" "$here/botocore_oracle.py" --check "$@"
