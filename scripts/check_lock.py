"""Says which pins of a requirements file its lock file lacks.

Usage: python scripts/check_lock.py requirements-dev.txt requirements-dev.lock
Exits 1, naming them, when a `name==version` of the requirements (or of a file
it includes with `-r`) is not in the lock: the lock was not regenerated
(scripts/lock.sh) after the requirements changed. Standard library only: it
runs before the virtualenv exists.
"""

import re
import sys
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;\\#]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith(("-r ", "--requirement ")):
            found.update(pins(path.parent / line.split(maxsplit=1)[1]))
        elif match := PIN.match(line):
            found[normalise(match[1])] = match[2]
    return found


def missing(requirements: Path, lock: Path) -> list[str]:
    locked = pins(lock)
    wanted = pins(requirements).items()
    return [f"{name}=={version}" for name, version in wanted if locked.get(name) != version]


if __name__ == "__main__":
    requirements, lock = map(Path, sys.argv[1:3])
    if absent := missing(requirements, lock):
        print(
            f"{lock} does not match {requirements} ({', '.join(absent)}): run scripts/lock.sh",
            file=sys.stderr,
        )
        sys.exit(1)
