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


import pytest  # noqa: E402


@pytest.fixture
def configured():
    """configure() state is process-wide: every test starts and ends without it."""
    paths.reset_configuration()
    yield paths
    paths.reset_configuration()


def test_configure_wins_over_the_environment(configured, monkeypatch, tmp_path):
    monkeypatch.setenv("COOPETITION_FIGURES", str(tmp_path / "env"))
    monkeypatch.setenv("COOPETITION_CACHE", str(tmp_path / "env-cache"))
    configured.configure(figures=tmp_path / "code", cache=str(tmp_path / "code-cache"))
    assert paths.figures_dir() == tmp_path / "code"
    assert paths.cache_dir() == tmp_path / "code-cache"
    paths.reset_configuration()
    assert paths.figures_dir() == tmp_path / "env"


@pytest.mark.parametrize("bad", [1, 3.5, b"folder", ""])
def test_configure_rejects_a_non_path_naming_the_argument(configured, bad):
    with pytest.raises(TypeError, match="figures must be a folder path"):
        configured.configure(figures=bad)


@pytest.fixture
def outside_checkout(configured, monkeypatch, tmp_path):
    """As if installed from a wheel and used from another analysis: no project root anywhere."""

    def no_root():
        raise FileNotFoundError("cannot find the coopetition project root")

    monkeypatch.setattr(paths, "project_root", no_root)
    for name in ("COOPETITION_ROOT", "COOPETITION_SEEDS", "COOPETITION_FIGURES", "COOPETITION_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_outside_a_checkout_the_cache_goes_to_the_user_cache_folder(outside_checkout):
    import platformdirs

    assert paths.cache_dir() == __import__("pathlib").Path(platformdirs.user_cache_dir("coopetition"))
    assert str(paths.cache_dir()).startswith(str(outside_checkout / "xdg"))


@pytest.mark.parametrize(
    "folder, hint", [(paths.figures_dir, "configure\\(figures=...\\)"), (paths.seeds_dir, "COOPETITION_SEEDS")]
)
def test_outside_a_checkout_an_unnamed_folder_says_how_to_name_it(outside_checkout, folder, hint):
    with pytest.raises(FileNotFoundError, match=hint):
        folder()


def test_outside_a_checkout_a_configured_folder_needs_no_root(outside_checkout):
    paths.configure(figures=outside_checkout / "figs", seeds=outside_checkout / "articles")
    assert paths.figures_dir() == outside_checkout / "figs"
    assert paths.seeds_dir() == outside_checkout / "articles"


def test_excluded_folders_come_from_code_or_the_environment(configured, monkeypatch, tmp_path):
    import os

    monkeypatch.setenv("COOPETITION_EXCLUDE", os.pathsep.join([str(tmp_path / "out"), str(tmp_path / "report")]))
    assert paths.excluded() == (tmp_path / "out", tmp_path / "report")
    configured.configure(exclude=tmp_path / "code-out")
    assert paths.excluded() == (tmp_path / "code-out",)
    configured.configure(exclude=[tmp_path / "a", str(tmp_path / "b")])
    assert paths.excluded() == (tmp_path / "a", tmp_path / "b")
    with pytest.raises(TypeError, match="exclude must be a folder path or a list of them, not int"):
        configured.configure(exclude=3)


def test_write_atomically_replaces_whole_or_leaves_the_old_file(tmp_path):
    target = tmp_path / "table.csv"
    paths.write_atomically(target, lambda tmp: tmp.write_text("doc_id\n000\n", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "doc_id\n000\n"

    def interrupted(tmp):
        tmp.write_text("doc_id\n0", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        paths.write_atomically(target, interrupted)
    assert target.read_text(encoding="utf-8") == "doc_id\n000\n" and [p.name for p in tmp_path.iterdir()] == [
        "table.csv"
    ]


@pytest.mark.parametrize(
    ("code", "why"), [(28, "the disk is full"), (13, "choose a folder you can write to"), (122, "quota")]
)
def test_an_output_error_is_one_sentence_naming_the_path(tmp_path, code, why):
    import os

    def fail(tmp):
        raise OSError(code, os.strerror(code))  # ENOSPC, EACCES, EDQUOT

    with pytest.raises(paths.OutputError) as raised:
        paths.write_atomically(tmp_path / "fig.png", fail)
    message = str(raised.value)
    assert message.startswith(f"cannot write {tmp_path / 'fig.png'}: ") and why in message and "\n" not in message
    assert raised.value.errno == code and isinstance(raised.value, OSError)
    assert list(tmp_path.iterdir()) == []


def test_a_notebook_copied_out_of_the_checkout_never_writes_into_its_figures(configured, monkeypatch, tmp_path):
    """The package is imported from the checkout (editable install), but the work happens elsewhere."""
    for name in ("COOPETITION_ROOT", "COOPETITION_FIGURES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    assert paths.project_root()  # still found through the package, for reading
    with pytest.raises(FileNotFoundError, match="COOPETITION_FIGURES"):
        paths.figures_dir()
    monkeypatch.chdir(paths.project_root() / "notebooks")  # inside the checkout: its figures/ as before
    assert paths.figures_dir(create=False) == paths.project_root() / "figures"


@pytest.mark.parametrize("value, expected", [(None, "raise"), ("skip", "skip"), (" Skip ", "skip"), ("raise", "raise")])
def test_the_notebooks_error_mode_comes_from_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("COOPETITION_ERRORS", raising=False)
    else:
        monkeypatch.setenv("COOPETITION_ERRORS", value)
    assert paths.load_errors() == expected


def test_a_bad_error_mode_is_named(monkeypatch):
    monkeypatch.setenv("COOPETITION_ERRORS", "ignore")
    with pytest.raises(ValueError, match="COOPETITION_ERRORS must be 'raise' or 'skip', not 'ignore'"):
        paths.load_errors()
