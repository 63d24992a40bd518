"""A built wheel works outside the checkout: installed into a fresh venv, it runs the README's reuse example."""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from coopetition import paths

ROOT = paths.project_root()
PYPROJECT = ROOT / "pyproject.toml"
README = ROOT / "README.md"
#: the README heading whose first ```python block is the reuse example (five lines of API)
REUSE_HEADING = "## Five lines of API"


def reuse_example() -> str:
    text = README.read_text(encoding="utf-8")
    after = text.split(REUSE_HEADING, 1)[1]
    return re.search(r"```python\n(.*?)```", after, re.S).group(1)


def _run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{args[:3]} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """Build from a copy of the sources, so the build never writes into the checkout."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("src", "notebooks"):  # the notebooks ship inside the package (coopetition.notebooks)
        shutil.copytree(
            ROOT / folder,
            source / folder,
            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints"),
        )
    out = tmp_path_factory.mktemp("wheel")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out), str(source)])
    return next(out.glob("coopetition-*.whl")), built.stdout + built.stderr


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory):
    """A fresh venv holding only the wheel; the pinned dependencies come from the project venv by a .pth line
    (offline and fast), which adds that folder to sys.path but not its editable install."""
    folder = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(folder)])
    python = folder / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel[0])])
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    (site / "zz_project_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return folder, python


def test_the_build_prints_no_deprecation_banner(wheel):
    assert "SetuptoolsDeprecationWarning" not in wheel[1]
    assert "project.license" not in wheel[1]


def test_the_readme_reuse_example_runs_from_another_folder(venv, tmp_path):
    folder, python = venv
    work = tmp_path / "my_analysis"
    (work / "articles").mkdir(parents=True)
    for source in sorted(paths.seeds_dir().glob("00[03]_*.txt")):
        shutil.copy2(source, work / "articles" / source.name)
    (work / "reuse.py").write_text(
        "import coopetition\n"
        f"assert coopetition.__file__.startswith({str(folder)!r}), coopetition.__file__\n" + reuse_example(),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPETITION_")}
    env.update(HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "xdg"), MPLBACKEND="Agg")
    result = _run([str(python), "reuse.py"], cwd=work, env=env)
    assert result.stdout.split() == ["competition"]  # the README's traditional-script sentence, labelled
    written = sorted(p.relative_to(work).as_posix() for p in (work / "output").rglob("*.*"))
    assert "output/figures/top_terms.png" in written and "output/figures/top_terms.csv" in written
    # no project root anywhere: the article cache went to the user's cache folder (platformdirs)
    assert list((tmp_path / "xdg" / "coopetition").rglob("*.json"))


def _dry_run(*args):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    return _run(["make", "-n", "-B", *args], cwd=ROOT).stdout


def test_make_lab_passes_extra_flags_and_allows_root_only_as_root():
    line = [row for row in _dry_run("lab", "LAB_ARGS=--port 8890 --no-browser").splitlines() if "jupyter lab" in row][
        -1
    ]
    assert "--port 8890 --no-browser" in line
    assert ("--allow-root" in line) == (os.getuid() == 0)
    # the server's root is the project, so a notebook's ../figures/*.png links are served; it opens on notebooks/
    assert "--ServerApp.root_dir=. " in line and "/lab/tree/notebooks" in line


def test_the_install_announces_each_step():
    steps = re.findall(r"\[(\d)/4\]", _dry_run("install"))
    assert steps == ["1", "2", "3", "4"]


def test_the_wheel_ships_the_notebooks_the_page_template_and_the_codebook_summary(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel[0]).namelist())
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert notebooks and all(f"coopetition/notebooks/{name}" in names for name in notebooks)
    assert {
        "coopetition/templates/report/index.html.j2",
        "coopetition/templates/report/conf.json",
        "coopetition/data/CODEBOOK.md",
    } <= names


def test_the_report_command_runs_from_the_wheel_outside_any_checkout(venv, tmp_path):
    """`python -m coopetition report FILE_OR_FOLDER --out DIR` with the wheel's own notebooks, from another folder."""
    folder, python = venv
    work = tmp_path / "elsewhere"
    (work / "articles").mkdir(parents=True)
    seed = next(paths.seeds_dir().glob("003_*.txt"))
    shutil.copy2(seed, work / "articles" / seed.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COOPETITION_")}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_CACHE_HOME=str(tmp_path / "xdg"),
        MPLBACKEND="Agg",
        PATH=f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        # the dependencies come from the project venv by a .pth line; their data files
        # (nbconvert's page templates) too, as a full install would put them in the venv
        JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter"),
    )
    result = _run(
        [str(python), "-m", "coopetition", "report", "articles", "--out", "out", "--quiet"], cwd=work, env=env
    )
    assert "report written" in result.stdout
    page = (work / "out" / "report.html").read_text(encoding="utf-8")
    assert "1 article of 1" in page and "../shared/" not in page
    executed = sorted(p.name for p in (work / "out" / "notebooks").glob("*.ipynb"))
    assert executed == sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert not (work / "figures").exists()  # every figure went to --out


def test_every_subpackage_is_listed_for_the_wheel():
    """pyproject lists packages by hand (the notebooks are mapped in): a subpackage left off would be missing from a wheel."""
    import tomllib

    listed = set(tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    src = ROOT / "src"
    found = {".".join(init.parent.relative_to(src).parts) for init in (src / "coopetition").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(found - listed)}"
