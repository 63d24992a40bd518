"""The second corpus: 24 real articles nobody on this project wrote (read from ../shared/external, never copied).

Titles, dates and outlets are checked against what each article itself states
and what ``SOURCES.md`` records. Run with ``-s`` to see the per-article table.
"""

import re
import warnings

import pytest

from coopetition import load_corpus, paths
from coopetition.reading.metadata import RULES, normalize_text
from coopetition.reading.readers import read_article
from coopetition.text.clean import fold_width

EXTERNAL = paths.project_root() / ".." / "shared" / "external"
ARTICLES = EXTERNAL / "articles"
HEADING_RE = re.compile(r"^#\s+(.+?)\s*$", re.MULTILINE)
DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

pytestmark = pytest.mark.skipif(not ARTICLES.is_dir(), reason="the second corpus (../shared/external) is not here")


def _sources() -> dict[str, dict[str, str]]:
    """file → {"outlets": candidate names, "date": ISO} from the tables of SOURCES.md."""
    rows = {}
    for line in (EXTERNAL / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[0].endswith(".txt"):
            continue
        outlet_cell = re.split(r"\s*\(|,", cells[2])[0]
        date = DATE_RE.search(line)
        rows[cells[0]] = {
            "outlets": [o.strip() for o in outlet_cell.split("/") if o.strip()],
            "date": date.group(0) if date else "",
        }
    return rows


def _head_and_tail(raw: str, *, tail_chars: int = 10**9) -> str:
    """The head lines and the tail lines (those up to ``tail_chars`` long: credits, not paragraphs)."""
    lines = [line for line in normalize_text(raw).splitlines() if line.strip()]
    tail = [line for line in lines[-RULES.tail_lines :] if len(line) <= tail_chars]
    return "\n".join(lines[: RULES.head_lines] + tail)


def _same_name(name: str) -> str:
    return re.sub(r"[\s.·]", "", name)


def _credits(raw: str, outlet: str) -> bool:
    """Whether the article credits ``outlet``: on a short line of its head or tail (a credit
    line), or in the head as a wire or reporter credit (``X讯``, ``X记者``, ``《X》``, ``X独家获悉``).
    A self-reference inside a sentence (``告诉市界``, ``市界发现``) is not a credit."""
    name = re.escape(_same_name(outlet))
    lines = [_same_name(line) for line in normalize_text(raw).splitlines() if line.strip()]
    head, tail = lines[: RULES.head_lines], lines[-RULES.tail_lines :]
    short = [line for line in head + tail if len(line) <= 40]
    return any(re.search(name, line) for line in short) or any(
        re.search(rf"{name}(讯|记者|》|独家|获悉)", line) for line in head
    )


@pytest.fixture(scope="module")
def external():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(ARTICLES)
    raws = {f.name: read_article(f)[0] for f in sorted(ARTICLES.glob("*.txt"))}
    return corpus.set_index("file"), raws, _sources()


def test_every_article_loads_with_its_encoding(external):
    corpus, raws, sources = external
    assert len(corpus) == len(raws) == len(sources) == 24
    assert corpus["encoding"].value_counts().to_dict() == {"utf-8": 22, "gb18030": 1, "big5": 1}


def test_every_title_is_the_headline(external):
    corpus, raws, _ = external
    for name, raw in raws.items():
        title = corpus.loc[name, "title"]
        heading = HEADING_RE.search(raw)
        assert title and "#" not in title and len(title) <= RULES.title_chars, name
        if heading:  # the crawler's "# " line, without "#", punctuation folded like the cleaned text
            assert title == fold_width(heading.group(1)), name
        else:  # the two feed entries open with their headline
            assert normalize_text(raw).splitlines()[0].startswith(title), name


def test_dates_are_found_where_the_article_states_them(external):
    corpus, raws, sources = external
    stated = 0
    for name, raw in raws.items():
        date = sources[name]["date"]
        y, m, d = (int(p) for p in date.split("-"))
        text = normalize_text(raw)
        if re.search(rf"{y}\s*(年|-|/|\.)\s*0?{m}\s*(月|-|/|\.)\s*0?{d}(?!\d)", _head_and_tail(raw)):
            stated += 1
            assert corpus.loc[name, "date"] == date, name
        elif corpus.loc[name, "date"]:  # a found date is always one the article prints
            assert re.search(rf"{corpus.loc[name, 'date'][:4]}", text), name
    assert stated >= 2


def test_outlets_are_found_where_the_article_credits_them_and_never_from_the_body(external):
    corpus, raws, sources = external
    credited = 0
    for name, raw in raws.items():
        found = corpus.loc[name, "outlet"]
        ends = _same_name(_head_and_tail(raw))
        expected = [o for o in sources[name]["outlets"] if _credits(raw, o)]
        if expected:
            credited += 1
            assert any(_same_name(o) in _same_name(found) for o in expected), (name, found, expected)
        if found:  # whatever is found, the head or the tail credits it
            assert _same_name(found) in ends, (name, found)
    assert credited >= 15  # of 24: the others name no outlet, or only inside sentences


def test_the_table_per_article(external):
    """Prints what was found per article (see it with ``pytest -s`` or ``-rP``)."""
    corpus, raws, _ = external
    print("\nfile | title | outlet | date | author | removed by rule")
    for name in raws:
        row = corpus.loc[name]
        removed = ", ".join(f"{c[2:]} {row[c]}" for c in corpus.columns if c.startswith("n_") and row[c])
        print(f"{name} | {row['title']} | {row['outlet']} | {row['date']} | {row['author']} | {removed}")
    assert corpus["title"].str.len().gt(0).all()
