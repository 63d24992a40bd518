"""Load a script of ``benchmarks/`` as a module, for the tests that check its results or reuse its scorer."""

import importlib.util
import sys
from types import ModuleType

from coopetition import paths


def load_benchmark(name: str) -> ModuleType:
    """``benchmarks/<name>.py`` as a module (the folder is not a package). The folder is put on
    ``sys.path`` as running the script puts it, so a script may import its sibling scripts."""
    folder = paths.project_root() / "benchmarks"
    if str(folder) not in sys.path:
        sys.path.append(str(folder))
    path = folder / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path}: cannot be loaded as a module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
