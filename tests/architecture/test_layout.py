"""The layout tells the architecture (ARCHITECTURE.md), and stays that way.

- Dependencies point one way: the layers of pyproject.toml's import-linter
  contracts, which `.ci/run` also checks with `lint-imports`.
- No circle of imports between modules — imports inside functions count, and
  so does `apps.get_model()` naming another app's model.
- No application file past about 400 lines (migrations, tests and the data
  files of the loaders aside).
"""

import ast
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "snia",
    "dashboard",
    "loaders",
    "accounts",
    "reports",
    "committees",
    "trainings",
    "programmes",
    "adminsite",
    "api",
    "spreadsheets",
    "access",
    "idempotency",
    "operations",
)
# Data, not logic: the strategy's reference data and the 2020 demo, entry by entry.
DATA_FILES = {"loaders/demo_data.py", "loaders/reference_data.py"}
MAX_LINES = 400


def application_files() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def get_model_targets(path: Path) -> set[str]:
    """The apps whose models a file reaches by `apps.get_model("app", …)` or `("app.Model")`."""
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_model" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                targets.add(first.value.split(".")[0].lower())
    return targets


def import_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False, cache_dir=None)
    modules = {module for module in graph.modules if ".migrations" not in module}
    edges = {module: set(graph.find_modules_directly_imported_by(module)) & modules for module in modules}
    for path in application_files():
        importer = module_name(path)
        for app in get_model_targets(path):
            # The app's models, as if imported: that is what get_model() returns.
            edges[importer] |= {module for module in modules if module.startswith(f"{app}.models")}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_circle_through_three_modules():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_a_literal_get_model_counts_as_an_import(tmp_path):
    source = tmp_path / "probe.py"
    source.write_text(
        'from django.apps import apps\n\n\ndef f():\n    return apps.get_model("reports", "X")\n'
    )
    assert get_model_targets(source) == {"reports"}


def test_no_module_stands_in_a_circle_of_imports():
    assert cycles(import_graph()) == []


def test_dependencies_point_one_way():
    # pyproject.toml: snia → loaders → reports → committees | trainings →
    # programmes → adminsite | api | spreadsheets → access → idempotency | operations.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_the_shared_bases_name_no_domain_model():
    domain = {"programmes", "committees", "trainings", "reports", "loaders"}
    for base in ("access", "adminsite", "api", "spreadsheets", "idempotency", "operations"):
        for path in (ROOT / base).rglob("*.py"):
            assert not get_model_targets(path) & domain, path


def test_no_application_file_passes_about_four_hundred_lines():
    # The benchmarks too, though they are tools rather than the application.
    files = [*application_files(), *sorted((ROOT / "benchmarks").glob("*.py"))]
    long = {
        str(path.relative_to(ROOT)): len(path.read_text().splitlines())
        for path in files
        if str(path.relative_to(ROOT)) not in DATA_FILES
    }
    assert {name: lines for name, lines in long.items() if lines > MAX_LINES} == {}


def test_the_spreadsheets_do_not_live_under_access():
    assert sorted(path.name for path in (ROOT / "access").glob("*.py")) == [
        "__init__.py",
        "apps.py",
        "checks.py",
        "decorators.py",
        "leavers.py",
        "log_filters.py",
        "models.py",
        "people.py",
        "protection.py",
        "roles.py",
        "rules.py",
        "security.py",
        "signals.py",
        "states.py",
        "storage.py",
        "years.py",
    ]
