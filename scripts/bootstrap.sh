# Sourced by run.sh and test.sh: makes sure the machine and the virtualenv are ready.
# Usage: source scripts/bootstrap.sh <requirements file>
set -euo pipefail

requirements=${1:-requirements.txt}

# WeasyPrint draws text with Pango (and subsets fonts with HarfBuzz).
system_packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
missing=()
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do
  # grep reads the whole list (no -q): an early exit would SIGPIPE ldconfig and,
  # under pipefail, report a library as missing.
  ldconfig -p 2>/dev/null | grep "$lib" >/dev/null || missing+=("$lib")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing the system libraries WeasyPrint needs: ${system_packages[*]}"
    apt-get update -qq && apt-get install -y -qq "${system_packages[@]}" >/dev/null
  else
    echo "Missing system libraries for PDF export: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${system_packages[*]}" >&2
    exit 1
  fi
fi

python_bin=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null \
     && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python_bin=$candidate
    break
  fi
done
if [ -z "$python_bin" ]; then
  echo "Python 3.11 or newer is required (sudo apt-get install python3 python3-venv)." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtualenv .venv with $python_bin"
  "$python_bin" -m venv .venv || {
    echo "Could not create a virtualenv: sudo apt-get install python3-venv" >&2
    exit 1
  }
fi

# Installs the lock file of the requirements asked for (requirements.lock for
# requirements.txt): every package pinned with its hashes, so that pip refuses
# any file that differs from the one locked. scripts/lock.sh regenerates them.
lock=${requirements%.txt}.lock
if [ ! -f "$lock" ]; then
  echo "No lock file $lock: run scripts/lock.sh after changing $requirements" >&2
  exit 1
fi
# scripts/lock.sh skips this check: it is what brings the lock up to date.
if [ "${SNIA_LOCK_CHECK:-1}" = 1 ]; then
  "$python_bin" scripts/check_lock.py "$requirements" "$lock"
fi
# Reinstall only when the locks changed since the last install.
stamp=.venv/.installed-$(cat requirements*.lock | sha256sum | cut -c1-16)-$(basename "$lock")
if [ ! -f "$stamp" ]; then
  echo "Installing Python dependencies from $lock"
  # uv installs the lock in seconds where pip takes most of a minute (a fresh
  # clone, CI). uv itself comes first, by pip, with the hashes of its entry in
  # requirements-dev.lock. Where no uv wheel fits the machine, or uv cannot
  # reach the index pip is configured for (uv does not read pip's settings),
  # pip installs the lock.
  uv_entry=$(awk '/^uv==/ {found = 1} found {print} found && !/\\$/ {exit}' requirements-dev.lock)
  if ! { .venv/bin/python -m pip install -q --require-hashes --no-deps -r <(echo "$uv_entry") 2>/dev/null \
         && .venv/bin/uv pip install -q --require-hashes --compile-bytecode --python .venv/bin/python -r "$lock"; }; then
    .venv/bin/python -m pip install -q --require-hashes -r "$lock"
  fi
  touch "$stamp"
fi
