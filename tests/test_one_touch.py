"""A newcomer adds a furniture kind, a unit or a plot by touching one data file or one module (docs/contributing.md).

The data recipes edit a copy of the packaged file and point ``COOPETITION_DATA_DIR`` at it, the
override a contributor uses to try an edit without touching the installed package; each run is a
fresh interpreter, as after editing the file itself. The plot recipe is one new module.
"""

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import warnings

import pandas as pd
import pytest

import coopetition as cp
from coopetition import _data
from coopetition.cache import pipeline_version
from coopetition.output.plotting import font_family

DATA = _data.resources.files("coopetition").joinpath("data")

#: a page as a portal prints it, written for this test: a scan-to-claim widget line sits in the body
PAGE = """阿里巴巴与京东在即时零售市场展开竞争

2025年5月12日 08:30 来源:某某财经

阿里巴巴旗下淘宝闪购宣布,将在全国300个城市上线即时配送服务。
扫码领红包 立即抢购
京东随即回应称,其外卖业务日订单量已突破2500万单,双方的竞争进一步升级。
业内人士认为,两家平台在物流领域又保持着合作关系。
"""
WIDGET = "扫码领红包 立即抢购"

#: the new kind of furniture line, with its comment, as a contributor adds it to [generic] lines
NEW_KIND = """lines = [
    # --- scan-to-claim widgets: a prompt to scan a code for a red packet or coupon, and a button
    # word or two after it: "扫码领红包 立即抢购", "扫一扫领优惠券"; never a sentence (no 。,)
    '^(扫码|扫一扫|长按识别二维码)\\s{0,2}(领|抢|得)(红包|优惠券|福利)(\\s{1,2}[^\\s,。]{1,6}){0,2}$',
"""

#: a sentence in the pattern of a cross-border e-commerce story, money in a currency the package does not list
BAHT = "Temu进入泰国市场一年,月销售额达到3亿泰铢,用户超过500万。"


def _run(code: str, data_dir=None) -> object:
    """Run ``code`` (which prints JSON) in a fresh interpreter, with ``COOPETITION_DATA_DIR`` set or unset."""
    env = {k: v for k, v in os.environ.items() if k != _data.DATA_DIR_ENV}
    env["COOPETITION_CACHE"] = "off"
    if data_dir is not None:
        env[_data.DATA_DIR_ENV] = str(data_dir)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _copy(name: str, folder) -> str:
    folder.mkdir(exist_ok=True)
    text = DATA.joinpath(name).read_text(encoding="utf-8")
    (folder / name).write_text(text, encoding="utf-8")
    return text


CLEAN = f"import json, coopetition as cp; print(json.dumps(cp.clean_text({PAGE!r}).splitlines(), ensure_ascii=False))"


@pytest.mark.slow
def test_a_furniture_kind_is_one_pattern_added_to_boilerplate_toml(tmp_path):
    unedited, edited = tmp_path / "unedited", tmp_path / "edited"
    text = _copy("boilerplate.toml", unedited)
    assert text.count("[generic]\nlines = [\n") == 1
    _copy("boilerplate.toml", edited)
    (edited / "boilerplate.toml").write_text(
        text.replace("[generic]\nlines = [\n", "[generic]\n" + NEW_KIND, 1), encoding="utf-8"
    )
    before = _run(CLEAN, unedited)
    after = _run(CLEAN, edited)
    # without the new kind the widget survives (here glued to the next line by the wrap joiner)
    assert any(WIDGET in line for line in before)
    assert before == _run(CLEAN)  # the unedited copy reads as the package's own file
    # with it, the widget line is gone and every other line is as before
    assert not any("扫码" in line for line in after)
    assert after == [line.replace(WIDGET, "") for line in before]
    assert "京东随即回应称,其外卖业务日订单量已突破2500万单,双方的竞争进一步升级。" in after


@pytest.mark.slow
def test_a_unit_is_one_line_added_to_quantities_toml(tmp_path):
    edited = tmp_path / "edited"
    text = _copy("quantities.toml", edited)
    assert text.count("[currency]\n") == 1
    (edited / "quantities.toml").write_text(
        text.replace("[currency]\n", '[currency]\n"泰铢" = "THB"\n', 1), encoding="utf-8"
    )
    code = (
        "import json, coopetition as cp; t = cp.extract_quantities("
        + repr(BAHT)
        + "); print(json.dumps(t[['value', 'unit']].astype(str).values.tolist()))"
    )
    before, after = _run(code), _run(code, edited)
    assert before[0] == ["300000000.0", "CNY"]  # unknown: money in the page's assumed currency
    assert after[0] == ["300000000.0", "THB"]
    assert after[1:] == before[1:] == [["5000000.0", "users"]]


def test_the_data_override_is_read_file_by_file_and_keys_the_cache(tmp_path, monkeypatch):
    (tmp_path / "stopwords.txt").write_text("# test list\n竞合\n", encoding="utf-8")
    unchanged = pipeline_version.__wrapped__()
    monkeypatch.setenv(_data.DATA_DIR_ENV, str(tmp_path))
    assert _data.data_lines("stopwords.txt") == ["竞合"]
    # a file the folder does not hold is the package's own
    assert _data.read_text("quantities.toml") == DATA.joinpath("quantities.toml").read_text(encoding="utf-8")
    # cached results are keyed by the files read, so an edited copy never meets results of the original
    assert pipeline_version.__wrapped__() != unchanged


def test_a_data_override_naming_no_folder_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv(_data.DATA_DIR_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match=r"COOPETITION_DATA_DIR=.*nowhere: no such folder"):
        _data.read_text("boilerplate.toml")


#: a new plot, as a contributor writes it in one module: a tidy table in, a Figure out, nothing saved
PLOT_MODULE = '''
"""Share of each platform's mentions per year: one new plot."""

import pandas as pd

from coopetition.output.plotting import font_family


def plot_platform_share(table: pd.DataFrame):
    """Stacked bars: each platform's share of the mentions of a year."""
    font_family()  # the CJK font, set up before pyplot draws
    import matplotlib.pyplot as plt

    grid = table.pivot_table(index="year", columns="actor", values="mentions", fill_value=0)
    share = grid.div(grid.sum(axis=1), axis=0)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    share.plot.bar(stacked=True, ax=ax, rot=0)
    ax.set_title("各平台被提及的份额(按年份)")
    ax.set_ylabel("份额")
    fig.tight_layout()
    return fig
'''


def test_a_plot_is_one_new_module_saved_with_save_figure(tmp_path):
    (tmp_path / "platform_share.py").write_text(textwrap.dedent(PLOT_MODULE), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("platform_share", tmp_path / "platform_share.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table = pd.DataFrame(
        {
            "year": [2015, 2015, 2025, 2025, 2025],
            "actor": ["腾讯", "京东", "腾讯", "京东", "阿里巴巴"],
            "mentions": [12, 9, 7, 5, 8],
        }
    )
    fig = module.plot_platform_share(table)
    assert fig.axes[0].title.get_fontname() == font_family()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the font warns: the Chinese must render
        png = cp.save_figure(fig, "05_platform_share", data=table, directory=tmp_path / "figures")
    assert png == tmp_path / "figures" / "05_platform_share.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    written = pd.read_csv(png.with_suffix(".csv"), encoding="utf-8-sig")
    assert written["actor"].tolist() == table["actor"].tolist()
    # in a notebook the same figure is shown by cached_figure as a link to its PNG
    shown = cp.cached_figure(
        "05_platform_share", table, lambda: module.plot_platform_share(table), directory=tmp_path / "figures"
    )
    assert shown._repr_markdown_().startswith("![05_platform_share](")
