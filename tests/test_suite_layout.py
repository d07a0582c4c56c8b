"""The suite's own layout: the directories under tests/ are not packages (the apps' tests are), so
pytest imports each of their modules by its file name alone; two with the same name make the
collection of the whole suite fail ("import file mismatch"), though each runs alone."""

from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_two_test_modules_share_a_file_name():
    places = defaultdict(list)
    for path in ROOT.glob("tests/**/test_*.py"):
        if not (path.parent / "__init__.py").exists():
            places[path.name].append(str(path.relative_to(ROOT)))
    shared = {name: paths for name, paths in places.items() if len(paths) > 1}
    assert not shared, f"test modules that share a file name: {shared}"
