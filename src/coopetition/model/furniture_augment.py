"""Training pages built from constructed furniture around article text that is not a development site's.

Round 5 of issue 22 tests whether more training rows help the furniture classifier on unseen sites.
The rows come from data no development site printed:

- the furniture lines of ``data/furniture_constructed.toml``, written from general knowledge of
  Chinese-language news templates (menus, login and share bars, credits, update-time lines, photo
  credits, related-reading headers, comment notices, copyright and ICP lines);
- article text as carriers: the 30 constructed articles of ``data/constructed_articles.jsonl``
  (written for the project) and, when ``../shared/external/articles`` is there, the 24 external
  articles as the cleaning chain leaves them (``tests/test_clean_external.py`` checks that no
  furniture is left in them; they are the chain's output, so they change with the shipped model).

Each carrier becomes one page: furniture lines drawn with a fixed seed are put above its headline
(menus, login bars), between the headline and the lead (credits, dates, photo credits) and after
the body (share and app bars, related-reading headers with headlines of other carriers after
them, comment notices, copyright lines). Injected lines are labelled furniture, the carrier's lines
content. The pages are used only to train (never scored), so a cross-validation fold on the
development sites stays honest: these rows hold no development page.
"""

from __future__ import annotations

import json
import random
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coopetition._data import read_text

CONSTRUCTED_FILE = "furniture_constructed.toml"
CARRIER_FILE = "constructed_articles.jsonl"
#: the kinds of furniture line the file must hold, and where each may stand
WHERES = ("top", "head", "bottom")
#: the table of invented values the placeholders ``{name}``, ``{site}`` and ``{city}`` are filled with
PLACEHOLDERS = "placeholders"


@dataclass(frozen=True)
class ConstructedPage:
    """One training page: its lines and whether each is furniture."""

    name: str
    lines: list[str]
    furniture: list[bool]


def _spec(text: str | None) -> dict:
    try:
        return tomllib.loads(text if text is not None else read_text(CONSTRUCTED_FILE))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{CONSTRUCTED_FILE}: not valid TOML ({exc})") from exc


def placeholder_values(text: str | None = None) -> dict[str, list[str]]:
    """The invented values of ``[placeholders]``: ``{"name": [...], "site": [...], "city": [...]}``.

    Raises:
        ValueError: the table is missing, or one of its three lists is missing or empty.
    """
    table = _spec(text).get(PLACEHOLDERS)
    if not isinstance(table, dict) or not all(table.get(key) for key in ("name", "site", "city")):
        raise ValueError(f"{CONSTRUCTED_FILE}: [{PLACEHOLDERS}] needs non-empty name, site and city lists")
    return {key: [str(value) for value in table[key]] for key in ("name", "site", "city")}


def furniture_kinds(text: str | None = None) -> dict[str, tuple[str, list[str]]]:
    """The constructed furniture lines by kind: ``{kind: (where, lines)}``.

    Raises:
        ValueError: the file is not TOML, or a kind lacks ``where``/``lines`` or names a place
            other than ``top``, ``head`` or ``bottom`` (the message names the file and the kind).
    """
    spec = _spec(text)
    out = {}
    for kind, table in sorted(spec.items()):
        if kind == PLACEHOLDERS:
            continue
        if not isinstance(table, dict) or table.get("where") not in WHERES or not table.get("lines"):
            raise ValueError(f"{CONSTRUCTED_FILE}: [{kind}] needs where (one of {WHERES}) and a non-empty lines list")
        out[kind] = (table["where"], [str(line) for line in table["lines"]])
    if not out:
        raise ValueError(f"{CONSTRUCTED_FILE}: no kind of furniture line")
    return out


def constructed_carriers() -> list[tuple[str, list[str]]]:
    """The constructed articles: ``(article id, [headline, paragraph, ...])`` in file order."""
    articles: dict[str, list[str]] = {}
    for line in read_text(CARRIER_FILE).splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            articles.setdefault(row["article"], []).append(row["text"])
    return sorted(articles.items())


def external_carriers(folder: Path) -> list[tuple[str, list[str]]]:
    """The external articles as the cleaning chain leaves them (``[]`` when ``folder`` is absent)."""
    if not folder.is_dir():
        return []
    from coopetition.reading.readers import read_article
    from coopetition.text.clean import clean_text

    out = []
    for path in sorted(folder.glob("*.txt")):
        lines = [line.strip() for line in clean_text(read_article(path)[0]).split("\n") if line.strip()]
        if len(lines) >= 3:
            out.append((path.stem, lines))
    return out


def _fill(line: str, rng: random.Random, headlines: list[str], values: dict[str, list[str]]) -> str:
    date = rng.choice(("{y}-{m:02d}-{d:02d}", "{y}年{m}月{d}日", "{y}/{m:02d}/{d:02d}")).format(
        y=rng.randint(2015, 2025), m=rng.randint(1, 12), d=rng.randint(1, 28)
    )
    fixed = {
        "{date}": date,
        "{time}": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        "{n}": str(rng.choice((rng.randint(1, 99), rng.randint(100, 9999), rng.randint(10000, 99999999)))),
        "{city}": rng.choice(values["city"]),
        "{headline}": rng.choice(headlines) if headlines else "",
    }
    for key, value in fixed.items():
        line = line.replace(key, value)
    while "{name}" in line:
        line = line.replace("{name}", rng.choice(values["name"]), 1)
    while "{site}" in line:
        line = line.replace("{site}", rng.choice(values["site"]), 1)
    return line


def constructed_pages(
    carriers: list[tuple[str, list[str]]], *, seed: int = 0, kinds: dict | None = None, edges: int = 0
) -> list[ConstructedPage]:
    """One page per carrier with furniture drawn (``random.Random(seed)``) from ``kinds``
    (:func:`furniture_kinds`): 0-2 lines above the headline, 0-2 after it, 1-4 groups after the
    body (a related-reading header brings 2-4 headlines of other carriers). With ``edges``, only
    the first and last ``edges`` body lines of a carrier stay (where furniture stands), so the
    carriers' many body lines do not outweigh the development pages' content."""
    kinds = kinds or furniture_kinds()
    values = placeholder_values()
    rng = random.Random(seed)
    by_where = {where: [k for k, (w, _) in kinds.items() if w == where] for where in WHERES}
    headlines = [lines[0] for _, lines in carriers]

    def draw(where: str, count: int) -> list[str]:
        if not by_where[where]:
            return []
        out = []
        for _ in range(count):
            kind = rng.choice(by_where[where])
            out.append(_fill(rng.choice(kinds[kind][1]), rng, headlines, values))
            if kind == "related":  # a header, then headlines of other articles
                out += [rng.choice(headlines) for _ in range(rng.randint(2, 4))]
        return out

    pages = []
    for name, lines in carriers:
        top, head, bottom = (
            draw("top", rng.randint(0, 2)),
            draw("head", rng.randint(0, 2)),
            draw("bottom", rng.randint(1, 4)),
        )
        body = lines[1:]
        if edges and len(body) > 2 * edges:
            body = body[:edges] + body[-edges:]
        page = top + lines[:1] + head + body + bottom
        flags = [True] * len(top) + [False] + [True] * len(head) + [False] * len(body) + [True] * len(bottom)
        pages.append(ConstructedPage(name, page, flags))
    return pages


def page_rows(pages: list[ConstructedPage]) -> tuple[np.ndarray, np.ndarray, list[list[str]]]:
    """The training rows of constructed pages as the furniture step sees them: the dense
    columns, the labels (1 furniture) and each page's lines (for the lexical presences)."""
    from coopetition.model.furniture_train import chain_lines
    from coopetition.text.furniture import cut_glued, model_matrix

    blocks, labels, page_lines = [], [], []
    for page in pages:
        kept = [(line, flag) for line, flag in zip(chain_lines(page.lines), page.furniture) if line]
        lines = cut_glued([line for line, _ in kept])[0]
        blocks.append(model_matrix(lines))
        labels += [flag for _, flag in kept]
        page_lines.append(lines)
    return np.vstack(blocks), np.array(labels, dtype=int), page_lines
