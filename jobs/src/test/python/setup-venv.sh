#!/usr/bin/env bash
# Creates (once) the virtualenv of the tests that read sparkrl's output with Python packages (TensorBoard's own event
# reader), from the Python package index pip uses by default, and prints its path. The venv lives in the repository's
# git-ignored target/ (SPARKRL_TEST_VENV overrides it); mvn clean removes it and the next test run makes it again.
# Usage: "$(jobs/src/test/python/setup-venv.sh)"/bin/python jobs/src/test/python/read_tensorboard.py RUN/tensorboard
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
venv="${SPARKRL_TEST_VENV:-$root/target/python-venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import tensorboard" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check --retries 0 --timeout 20 "tensorboard==2.21.0" >&2
fi
echo "$venv"
