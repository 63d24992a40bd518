"""Hand-read gold kept as references (benchmarks/gold/): it resolves against the shared articles, and the
committed score is the one the package gives today.

The gold rows carry offsets and hashes, never the article text, so these tests need ``../shared``
and skip when it is absent.
"""

import json

import pytest
from _bench import load_benchmark

from coopetition import paths

ROOT = paths.project_root()
ARTICLES = ROOT / ".." / "shared" / "external" / "articles"


def _bench():
    module = load_benchmark("bench_external_quantities")
    return module


@pytest.fixture(scope="module")
def bench():
    if not ARTICLES.is_dir():
        pytest.skip(f"{ARTICLES}: the second corpus is not on this machine")
    return _bench()


def test_every_gold_row_resolves_to_its_span_and_only_odd_articles_were_read(bench):
    gold = bench.read_gold(ARTICLES)
    assert sorted(gold) == sorted(p.name for p in ARTICLES.glob("*.txt") if int(p.name[:3]) % 2 == 1)
    rows = [row for file_rows in gold.values() for row in file_rows]
    assert len(rows) == 453
    assert all(
        row["span"].strip() and any(ch.isdigit() or ch in "一二两三四五六七八九十百千万亿几数" for ch in row["span"])
        for row in rows
    )
    # offsets are in text order within each article and never overlap
    for file_rows in gold.values():
        assert all(a["end"] <= b["start"] for a, b in zip(file_rows, file_rows[1:]))


def test_a_changed_article_is_refused_naming_the_row(bench, tmp_path):
    for path in ARTICLES.glob("*.txt"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    target = tmp_path / "007_qq_tencent_fy2023.txt"
    target.write_bytes(target.read_bytes().replace("亿元".encode(), "万元".encode(), 1))
    with pytest.raises(ValueError, match=r"row \d+: 007_qq_tencent_fy2023.txt is not the article"):
        bench.read_gold(tmp_path)


@pytest.mark.slow
def test_committed_score_is_todays_score(bench):
    totals, _ = bench.score(ARTICLES)
    committed = json.loads((ROOT / "benchmarks" / "external_quantities.json").read_text(encoding="utf-8"))
    assert totals == committed, "re-run python benchmarks/bench_external_quantities.py and commit its result"
