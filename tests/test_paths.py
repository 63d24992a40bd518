"""Paths: the root is found from anywhere inside the project; overrides win."""

from coopetition import paths


def test_root_is_found_from_a_subfolder(monkeypatch):
    root = paths.project_root()
    monkeypatch.chdir(root / "notebooks")
    assert paths.project_root() == root
    assert (root / "pyproject.toml").is_file()
    assert paths.seeds_dir() == root / "seeds"


def test_root_is_found_from_outside_via_the_package(monkeypatch, tmp_path):
    root = paths.project_root()
    monkeypatch.chdir(tmp_path)
    assert paths.project_root() == root


def test_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("COOPETITION_SEEDS", str(tmp_path / "s"))
    monkeypatch.setenv("COOPETITION_FIGURES", str(tmp_path / "f"))
    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "c"))
    assert paths.seeds_dir() == tmp_path / "s"
    assert paths.figures_dir() == tmp_path / "f" and (tmp_path / "f").is_dir()
    assert paths.cache_dir() == tmp_path / "c"
    monkeypatch.setenv("COOPETITION_ROOT", str(tmp_path))
    monkeypatch.delenv("COOPETITION_SEEDS")
    assert paths.seeds_dir() == tmp_path / "seeds"
