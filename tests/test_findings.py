"""Findings are computed from the tables: each sentence is checked against the table it reads."""

import re

import pandas as pd
import pytest

from coopetition.output import findings
from coopetition.output.findings import (
    corpus_findings,
    framing_findings,
    ids,
    is_seed_corpus,
    metrics_findings,
    page_caption,
    seeds_note,
    term_findings,
)


def _corpus(rows):
    columns = ["doc_id", "file", "outlet", "date", "script", "encoding", "raw_chars", "clean_chars"]
    return pd.DataFrame(rows, columns=columns)


TWO_SCRIPTS = _corpus(
    [
        ("a01", "a01.txt", "澎湃新闻", "2023-02-08", "simplified", "utf-8", 1000, 900),
        ("a02", "a02.txt", "澎湃新闻", "2023-11-29", "simplified", "utf-8", 2000, 1000),
        ("b01", "b01.txt", "", "", "traditional", "big5", 500, 480),
        ("b02", "b02.txt", "HiShop", "2015-06-09", "traditional", "utf-8", 800, 400),
    ]
)


@pytest.mark.parametrize(
    "expected",
    [
        "**4 articles**, 4,300 characters as delivered; cleaning kept 2,780 (65%).",
        "3 articles dated, from 2015-06-09 to 2023-11-29; the busiest year is 2023 (2 articles); 1 article undated (b01).",
        "2 in simplified script, 2 in traditional (b01 and b02), converted to simplified before any count.",
        "Encodings: big5 1, utf-8 3.",
        "2 outlets named; the most frequent is 澎湃新闻 (2 articles); no outlet is named for b01.",
        "Cleaning removed the most from a02 (kept 50% of its characters) and the least from b01 (kept 96%).",
    ],
)
def test_corpus_findings_state_what_the_table_holds(expected):
    assert f"- {expected}" in corpus_findings(TWO_SCRIPTS).split("\n")


@pytest.mark.parametrize(
    "rows, expected, absent",
    [
        (
            [("x", "x.txt", "", "", "simplified", "utf-8", 10, 10)],
            "With a single article nothing here compares",
            "busiest",
        ),
        (
            [
                ("x", "x.txt", "", "", "simplified", "utf-8", 10, 10),
                ("y", "y.txt", "", "", "simplified", "utf-8", 10, 10),
            ],
            "No article states a date",
            "dated, from",
        ),
        (
            [
                ("x", "x.txt", "", "", "simplified", "utf-8", 10, 0),
                ("y", "y.txt", "", "", "simplified", "utf-8", 10, 5),
            ],
            "Empty after cleaning, so absent from every count: x.",
            "With a single",
        ),
    ],
)
def test_degenerate_corpora_get_a_sentence(rows, expected, absent):
    text = corpus_findings(_corpus(rows))
    assert expected in text and absent not in text


@pytest.mark.parametrize(
    "items, limit, expected",
    [
        ([], 12, "none"),
        (["b"], 12, "b"),
        (["b", "a"], 12, "a and b"),
        (["c", "a", "b"], 12, "a, b and c"),
        ([f"{i:02d}" for i in range(14)], 12, "00, 01, 02, 03, 04, 05, 06, 07, 08, 09, 10, 11 and 2 more"),
    ],
)
def test_ids_are_sorted_and_capped(items, limit, expected):
    assert ids(items, limit=limit) == expected


@pytest.mark.parametrize(
    "page_docs, page, pages, missing, expected",
    [
        (["000", "001"], 1, 1, [], "*2 articles of 2 (all of them).*"),
        (["000"], 1, 1, ["001"], "*1 article of 2.* *Not in this figure, having nothing to draw: 001.*"),
        (["000"], 1, 2, ["002"], "*Page 1 of 2: articles 000 to 000, 1 of the 3 in the corpus.*"),
    ],
)
def test_a_caption_says_which_n_of_m_articles_a_figure_shows(page_docs, page, pages, missing, expected):
    assert (
        page_caption(
            page_docs, ["000", "001", "002"][: 2 if pages == 1 else 3], page=page, pages=pages, missing=missing
        )
        == expected
    )


FREQS = pd.DataFrame(
    {
        "doc_id": ["a", "a", "b", "b", "c"],
        "term": ["微信", "京东", "微信", "淘宝", "外卖"],
        "count": [9, 3, 5, 4, 2],
        "per_1k": [90.0, 30.0, 50.0, 40.0, 20.0],
    }
)
KEY = pd.DataFrame(
    {
        "doc_id": ["a", "c"],
        "term": ["京东", "外卖"],
        "count": [3, 2],
        "other_count": [0, 0],
        "g2": [14.2, 9.0],
        "log_ratio": [3.0, 2.0],
        "direction": ["over", "over"],
    }
)
ACTORS = pd.DataFrame(
    {"doc_id": ["a", "a", "b", "b"], "actor": ["Tencent", "JD", "Tencent", "Alibaba"], "mentions": [5, 2, 1, 1]}
)


@pytest.mark.parametrize(
    "expected",
    [
        "The most frequent term of an article is 微信 in 2 of 3.",
        "微信 is among the top 10 terms of 2 of 4 articles.",
        "No content token left in d.",
        "1 of 4 articles have a term distinctive at p < 0.001; the strongest is 京东 in a (G² 14, 3 times against 0 in all the others); none in b, c and d.",
        "The most-named firm is Tencent: 6 mentions in 2 of 4 articles, and the most-named firm (or tied for it) of 2 of them; 3 firms are named in all.",
        "No firm of the alias table is named in c and d.",
    ],
)
def test_term_findings_state_what_the_tables_hold(expected):
    assert f"- {expected}" in term_findings(FREQS, KEY, ACTORS, ["a", "b", "c", "d"]).split("\n")


def test_with_one_article_no_term_is_called_distinctive():
    text = term_findings(FREQS[FREQS["doc_id"] == "a"], KEY.iloc[0:0], ACTORS, ["a"])
    assert "no rest of the corpus" in text and "among the top" not in text


def _sentences(rows):
    return pd.DataFrame(rows, columns=["doc_id", "frame", "tone", "actors"])


def test_framing_findings_count_frames_and_flag_thin_articles():
    rows = (
        [("a", "competition", "negative", "")] * 4
        + [("a", "cooperation", "neutral", "")] * 2
        + [("b", "cooperation", "positive", "")] * 2
        + [("b", "none", "neutral", "")] * 2
        + [("c", "none", "neutral", "")]
    )
    sentences = _sentences(rows)
    shares = pd.DataFrame(
        [
            {"doc_id": d, "frame": f, "n": n, "n_framing": t, "share": n / t if t else float("nan")}
            for d, t, counts in (
                ("a", 6, {"competition": 4, "cooperation": 2}),
                ("b", 2, {"cooperation": 2}),
                ("c", 0, {}),
            )
            for f in ("competition", "cooperation", "coopetition")
            for n in [counts.get(f, 0)]
        ]
    )
    tones = pd.DataFrame({"doc_id": ["a", "b", "c"], "frame": "all", "net": [-0.67, 0.5, 0.0]})
    edges = pd.DataFrame(
        columns=[
            "actor_a",
            "actor_b",
            "weight",
            "competition",
            "cooperation",
            "coopetition",
            "none",
            "sentences",
            "list_sentences",
            "dominant",
        ]
    )
    lines = framing_findings(sentences, shares, tones, edges, ["a", "b", "c"]).split("\n")
    assert "- 8 of 11 sentences (73%) frame a relationship: competition 4, cooperation 4, coopetition 0." in lines
    assert "- No framing sentence in c." in lines
    assert "- Fewer than 5 framing sentences in b: their shares are not read below." in lines
    assert (
        "- Of the 1 article with at least 5 framing sentences, more than half of the framing is competition a." in lines
    )
    assert "- Net tone over all sentences runs from -0.67 (a) to +0.50 (b)." in lines
    assert "- No framing sentence names two firms, so the network has no edge." in lines


def test_a_corpus_without_framing_sentences_gets_one_sentence():
    text = framing_findings(
        _sentences([("a", "none", "neutral", "")]), pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), ["a"]
    )
    assert text.startswith("- None of the 1 sentences frames a relationship")


def test_metrics_findings_give_ranges_with_their_articles():
    quantities = pd.DataFrame({"doc_id": ["a", "a", "b"], "unit": ["CNY", "%", "CNY"]})
    metrics = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "quantities_per_1k_chars": [2.0, 1.0, 0.0], "mattr_100": [0.7, 0.8, float("nan")]}
    )
    lines = metrics_findings(quantities, metrics).split("\n")
    assert "- 3 figures stated in 2 of 3 articles; the most in a (2). By unit: CNY 2, % 1." in lines
    assert "- No quantity in c." in lines
    assert "- Figures per 1,000 characters runs from 0.0 (c) to 2.0 (a)." in lines
    assert "- Lexical diversity (MATTR) runs from 0.70 (a) to 0.80 (b)." in lines
    assert metrics_findings(quantities.iloc[0:0], metrics).startswith("- No article states a quantity")


def test_every_number_in_the_seed_findings_is_in_the_corpus_table(corpus):
    text = corpus_findings(corpus)
    assert f"**{len(corpus)} articles**" in text
    for year in re.findall(r"(?:19|20)\d\d-\d\d-\d\d", text):
        assert year in set(corpus["date"])


def test_the_seed_interpretation_shows_only_on_the_seeds(corpus, monkeypatch, tmp_path):
    assert is_seed_corpus(corpus)
    assert seeds_note(corpus, "written for the seeds").endswith("written for the seeds")
    monkeypatch.setenv("COOPETITION_SEEDS", str(tmp_path))
    assert not is_seed_corpus(corpus)
    assert "hidden" in seeds_note(corpus, "written for the seeds")
    monkeypatch.delenv("COOPETITION_SEEDS")
    assert not is_seed_corpus(corpus.iloc[:3])
    assert findings.MIN_FRAMING == 5


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: corpus_findings(None), "corpus must be a pandas DataFrame, not NoneType"),
        (lambda: term_findings(FREQS, "key", ACTORS, []), "key must be a pandas DataFrame, not str"),
        (
            lambda: framing_findings(pd.DataFrame(), 3, pd.DataFrame(), pd.DataFrame(), []),
            "shares must be a pandas DataFrame, not int",
        ),
        (lambda: metrics_findings(pd.DataFrame(), [1]), "metrics must be a pandas DataFrame, not list"),
        (lambda: seeds_note(TWO_SCRIPTS, None), "text must be a str, not NoneType"),
    ],
)
def test_bad_arguments_get_a_type_error_naming_them(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_the_heaviest_pair_is_stated_with_its_frame_mix_rounded():
    sentences = _sentences(
        [("a", "competition", "neutral", "JD、Tencent"), ("a", "cooperation", "neutral", "JD、Tencent")]
    )
    shares = pd.DataFrame(
        {
            "doc_id": ["a"] * 3,
            "frame": ["competition", "cooperation", "coopetition"],
            "n": [1, 1, 0],
            "n_framing": 2,
            "share": [0.5, 0.5, 0.0],
        }
    )
    edges = pd.DataFrame(
        [
            {
                "actor_a": "JD",
                "actor_b": "Tencent",
                "weight": 4 / 3,
                "competition": 1 / 3,
                "cooperation": 1.0,
                "coopetition": 0.0,
                "none": 0.0,
                "sentences": 5,
                "list_sentences": 1,
                "dominant": "cooperation",
            }
        ]
    )
    text = framing_findings(
        sentences, shares, pd.DataFrame({"doc_id": ["a"], "frame": ["all"], "net": [0.0]}), edges, ["a"]
    )
    assert (
        "- The heaviest pair of firms is JD–Tencent: framing weight 1.3 (competition 0.3, cooperation 1) from 5 sentences naming both."
        in text.split("\n")
    )


def test_loading_warnings_and_near_duplicates_are_stated():
    corpus = _corpus(
        [("x", "x.txt", "", "", "simplified", "utf-8", 10, 9), ("y", "y.txt", "", "", "simplified", "utf-8", 10, 9)]
    )
    corpus = corpus.assign(warnings=["a line of 9,000 characters", ""], duplicate_of=["", "x"])
    lines = corpus_findings(corpus).split("\n")
    assert "- Flagged while loading x: a line of 9,000 characters." in lines
    assert "- 1 article near-duplicate of another: y of x." in lines


@pytest.mark.parametrize(
    "outlets, expected",
    [
        (["甲", "甲", "乙"], "2 outlets named; the most frequent is 甲 (2 articles)."),
        (["甲", "乙", "乙", "甲"], "2 outlets named; the most frequent are 乙 and 甲 (2 articles each)."),
    ],
)
def test_ties_are_named_together_not_broken_silently(outlets, expected):
    corpus = _corpus([(f"d{i}", f"d{i}.txt", o, "", "simplified", "utf-8", 10, 9) for i, o in enumerate(outlets)])
    assert f"- {expected}" in corpus_findings(corpus).split("\n")


from coopetition.output.validation_findings import validation_findings  # noqa: E402


def _cv(rows):
    """cv_table-shaped rows: (scheme, set, axis, n, kappa, readers_kappa)."""
    table = pd.DataFrame(rows, columns=["scheme", "set", "axis", "n", "kappa", "readers_kappa"])
    return table.assign(accuracy=0.8, macro_f1=0.7)


CV = _cv(
    [
        ("pooled", "all", "frame", 1199, 0.69, float("nan")),
        ("pooled", "all", "tone", 1199, 0.42, float("nan")),
        ("pooled", "second corpus", "frame", 862, 0.67, 0.96),
        ("pooled", "second corpus", "tone", 862, 0.39, 0.92),
        ("pooled", "seeds", "frame", 337, 0.72, 0.97),
        ("pooled", "seeds", "tone", 337, 0.47, 0.91),
    ]
)


def test_validation_findings_state_each_set_beside_the_readers_in_landis_koch_words():
    text = validation_findings(CV)
    assert text.splitlines() == [
        "- On 1,199 hand-coded sentences of held-out articles (pooled fitting): frame κ 0.69 (substantial agreement), "
        "tone κ 0.42 (moderate): frame shares can be read with their intervals, tone shares are indicative only.",
        "- Second corpus (862 sentences): frame κ 0.67 (substantial) against the readers' 0.96; "
        "tone κ 0.39 (fair) against the readers' 0.92.",
        "- Seeds (337 sentences): frame κ 0.72 (substantial) against the readers' 0.97; "
        "tone κ 0.47 (moderate) against the readers' 0.91.",
        "- The widest gap to the readers is tone on the second corpus, pooled fitting: κ 0.39 against 0.92; "
        "the model is not yet as reliable as two careful readers.",
    ]


@pytest.mark.parametrize(
    "kappa, strength, reading",
    [
        (0.85, "almost perfect", "can be read with their intervals"),
        (0.61, "substantial", "can be read with their intervals"),
        (0.60, "moderate", "are indicative only"),  # the boundary belongs to the band below
        (0.41, "moderate", "are indicative only"),
        (0.40, "fair", "are not a measurement to rely on"),
        (0.10, "slight", "are not a measurement to rely on"),
        (-0.05, "poor", "are not a measurement to rely on"),
    ],
)
def test_a_sections_validity_sentence_follows_the_kappa_band(kappa, strength, reading):
    cv = _cv([("pooled", "all", "frame", 100, 0.7, float("nan")), ("pooled", "all", "tone", 100, kappa, float("nan"))])
    sentence = validation_findings(cv, axis="tone")
    assert f"(κ {kappa:.2f}, {strength} agreement)" in sentence
    assert f"the tone shares and net tones below {reading} (see Validation above)" in sentence


def test_a_model_as_good_as_the_readers_is_said_to_be():
    cv = _cv(
        [
            ("pooled", "all", "frame", 50, 0.93, float("nan")),
            ("pooled", "all", "tone", 50, 0.90, float("nan")),
            ("pooled", "seeds", "frame", 50, 0.93, 0.96),
            ("pooled", "seeds", "tone", 50, 0.90, 0.92),
        ]
    )
    assert "about as well as two careful readers agree with each other" in validation_findings(cv)


@pytest.mark.parametrize(
    "cv, kwargs, error, message",
    [
        (None, {}, TypeError, "cv must be a pandas DataFrame, not NoneType"),
        (CV, {"axis": "topic"}, ValueError, "axis must be None, 'frame' or 'tone'"),
        (CV, {"scheme": "seeds only"}, ValueError, "no 'seeds only' row for set 'all' and axis 'frame'"),
        (CV[CV["axis"] == "frame"], {"axis": "tone"}, ValueError, "axis 'tone'"),
    ],
)
def test_validation_findings_reject_bad_arguments_clearly(cv, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        validation_findings(cv, **kwargs)


def test_the_widest_gap_names_the_fitting_it_comes_from():
    from coopetition.model.validation import cv_table

    last = validation_findings(cv_table()).splitlines()[-1]
    assert "site-disjoint cross-validation" in last
    assert "(second corpus only)" not in last


def test_class_findings_name_the_weakest_label_of_each_axis():
    from coopetition.output.validation_findings import class_findings

    table = pd.DataFrame(
        {
            "axis": ["frame", "frame", "tone", "tone"],
            "label": ["competition", "coopetition", "positive", "negative"],
            "precision": [0.8, 0.5, 0.6, 0.7],
            "recall": [0.8, 0.6, 0.5, 0.7],
            "f1": [0.8, 0.545, 0.545, 0.7],
            "support": [200, 30, 400, 200],
        }
    )
    assert class_findings(table).splitlines() == [
        "- Frame: the least reliable label is coopetition (recall 60%, precision 50%, 30 hand-coded sentences); "
        "read its shares with the most caution.",
        "- Tone: the least reliable label is positive (recall 50%, precision 60%, 400 hand-coded sentences); "
        "read its shares with the most caution.",
    ]
    with pytest.raises(TypeError, match="classes must be a pandas DataFrame"):
        class_findings([("frame", "none")])


def test_a_syndicated_copy_counts_once_and_the_notebooks_say_so(tmp_path):
    from coopetition import load_corpus
    from coopetition.measures.sentences import sentence_table
    from coopetition.output.findings import counted_corpus

    body = (
        "京东与美团在即时零售领域展开激烈竞争,双方都在加大补贴。\n"
        "美团方面表示,将继续投入骑手保障,不会跟进低价策略。\n"
        "分析人士认为,这场竞争短期内难以结束,平台的利润将承压。\n"
    )
    (tmp_path / "a.txt").write_text("京东美团即时零售之争\n" + body, encoding="utf-8")
    (tmp_path / "b.txt").write_text("京东美团即时零售之争\n来源:另一家网站\n" + body, encoding="utf-8")  # a repost
    (tmp_path / "c.txt").write_text(
        "拼多多发布财报\n拼多多三季度营收同比增长44%,净利润超出市场预期。\n", encoding="utf-8"
    )
    corpus = load_corpus(tmp_path)
    assert corpus["duplicate_of"].tolist() == ["", "a", ""]  # the copy is flagged
    counted, note = counted_corpus(corpus)
    assert counted["doc_id"].tolist() == ["a", "c"]
    assert note == "1 near-duplicate article is left out of every count below: b (a copy of a)."
    assert len(sentence_table(counted)) < len(sentence_table(corpus))  # the copy's sentences no longer count twice
    kept, note = counted_corpus(corpus, drop_duplicates=False)
    assert kept["doc_id"].tolist() == ["a", "b", "c"] and note.startswith("1 near-duplicate article is counted below")
    assert counted_corpus(counted)[1] == ""  # nothing left to drop


HOSTILE = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "[x](javascript:alert(1))", "a_b*c*"]


def _rendered(markdown: str):
    """The HTML nbconvert makes of a notebook's Markdown output, parsed."""
    import lxml.html
    from nbconvert.filters.markdown import markdown2html

    return lxml.html.fromstring(f"<div>{markdown2html(markdown)}</div>")


def _assert_inert(tree, names):
    assert not tree.xpath("//script | //img | //em[normalize-space(.)='c'] | //code")
    assert not [a for a in tree.xpath("//a/@href") if a.strip().lower().startswith("javascript:")]
    assert not [a for a in tree.xpath("//@*") if a.getparent() is not None and a.attrname.startswith("on")]
    text = tree.text_content()
    for name in names:
        assert name in text, name


@pytest.mark.parametrize("name", HOSTILE)
def test_escape_markdown_shows_a_name_as_the_text_it_is(name):
    from coopetition.output.findings import escape_markdown

    _assert_inert(_rendered(f"- from {escape_markdown(name)} today"), [name])


def test_hostile_names_in_the_corpus_findings_stay_text():
    corpus = _corpus(
        [
            (name, f"{name}.txt", name, "2024-01-0" + str(i + 1), "simplified", "utf-8", 100, 90 - i)
            for i, name in enumerate(HOSTILE)
        ]
    )
    corpus["warnings"] = ["", "", HOSTILE[0], ""]
    corpus["duplicate_of"] = ["", "", "", HOSTILE[2]]
    markdown = corpus_findings(corpus)
    tree = _rendered(markdown)
    _assert_inert(tree, HOSTILE)
    assert "**4 articles**" in markdown and tree.xpath("//strong")  # our own emphasis still works


def test_hostile_names_in_captions_and_copies_stay_text():
    from coopetition.output.findings import counted_corpus

    caption = page_caption(HOSTILE[:2], HOSTILE, page=1, pages=2, missing=HOSTILE[2:])
    caption += " " + page_caption(HOSTILE[2:], HOSTILE, page=2, pages=2, missing=HOSTILE[:1])
    _, note = counted_corpus(
        pd.DataFrame({"doc_id": HOSTILE, "duplicate_of": ["", HOSTILE[0], HOSTILE[3], ""]}), drop_duplicates=False
    )
    _assert_inert(_rendered(caption + "\n\n" + note), HOSTILE)


def test_the_hidden_seed_note_can_be_said_once(monkeypatch, tmp_path):
    monkeypatch.setenv("COOPETITION_SEEDS", str(tmp_path))
    assert "is hidden" in seeds_note(TWO_SCRIPTS, "written for the seeds")
    assert seeds_note(TWO_SCRIPTS, "written for the seeds", say_hidden=False) == ""


def test_the_metrics_findings_use_notebook_03s_net_tone():
    metrics = pd.DataFrame({"doc_id": ["a", "b"], "net_tone": [-0.25, 0.5]})
    text = metrics_findings(pd.DataFrame(columns=["doc_id", "unit"]), metrics)
    assert "Net tone ((positive − negative) / sentences, as in notebook 03) runs from -0.25 (a) to +0.50 (b)." in text
    assert "Mean tone" not in text
