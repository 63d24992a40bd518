"""What the corpus pass (:mod:`coopetition.text.furniture_site`) removes on the corpora at hand.

For the seeds and the 24 articles of ``../shared/external/articles`` (one crawl folder: 22 Tencent
News pages and two blog posts), each article is cleaned alone (``clean_with_report``), then the
corpus pass runs over the folder as ``load_corpus`` runs it (no site is known for a ``.txt``, so
the folder is the group). Written: the lines it removes, and, for insight, how many distinct lines
recur in at least ``MIN_ARTICLES`` articles at all (before the share and the guards), both in the
clean texts and in the raw files. Only counts are written, never article text:
``benchmarks/site_furniture.json``.

``../shared/devpages`` holds one page a site, so no line can recur across a site's articles there:
the pass cannot be scored on it (it removes nothing there by construction). Its speed is timed on a
synthetic crawl made here (``synthetic_speed``: process time, one run), and the grouping
(:func:`~coopetition.text.furniture_site.site_groups`) on a synthetic crawl of 100,000 rows of 203
hosts (``grouping_speed``: best of three runs); with ``--reference DIR`` (an unpacked ``git archive``
of an earlier commit) the same crawl is grouped by that commit's ``site_groups`` too, side by side.

``python benchmarks/site_furniture.py [--reference /tmp/ref_9eb --reference-name 9eb0088 ...]``
(``--reference`` and ``--reference-name`` may be given several times, in pairs).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from coopetition import paths
from coopetition.reading.corpus import read_article
from coopetition.text.clean import clean_with_report
from coopetition.text.furniture_site import MIN_ARTICLES, MIN_SHARE, _normal, _read, drop_site_furniture, site_groups

RESULT_FILE = Path(__file__).with_name("site_furniture.json")


def recurring(texts: list[str]) -> tuple[int, int]:
    """Distinct normalised lines found in at least MIN_ARTICLES of ``texts``, anywhere in them,
    and the most articles any one line is found in."""
    counts = Counter(normal for text in texts for normal in {_normal(line) for line in text.split("\n")} - {""})
    return sum(n >= MIN_ARTICLES for n in counts.values()), max(counts.values(), default=0)


def synthetic_speed(articles: int = 20_000, sites: int = 50) -> dict:
    """Process time of the pass on a synthetic crawl (made here: a menu, a numbered headline, 20
    numbered written paragraphs, a "related" header, a numbered link and a footer an article)."""
    body = "记者了解到,美团近期在多个城市上线了团购直播业务,与抖音的到店团购形成直接竞争{}。"
    texts = [
        "\n".join(
            ["首页 新闻 科技 财经", f"第{i}号标题 平台竞争新动向"]
            + [body.format(i * 100 + k) for k in range(20)]
            + ["相关阅读", f"推荐文章{i * 7919 % 1000003}", "关于我们 | 联系我们"]
        )
        for i in range(articles)
    ]
    groups = [f"site{i % sites}" for i in range(articles)]
    start = time.process_time()
    _, dropped = drop_site_furniture(texts, groups)
    seconds = time.process_time() - start
    return {
        "articles": articles,
        "sites": sites,
        "lines": sum(text.count("\n") + 1 for text in texts),
        "lines_removed": sum(dropped),
        "seconds": round(seconds, 2),
        "ms_per_article": round(1000 * seconds / articles, 3),
    }


def synthetic_rows(rows: int = 100_000, hosts: int = 203) -> tuple[list[str], list[str], list[str]]:
    """A synthetic crawl's sites, folders and URLs: ``hosts`` sites, each with a Han name (``36氪``-like)
    and a host; a row gives its site's name and URL (six in ten), its name only (two in ten), its
    URL only (one in ten) or neither (one in ten); one folder a site."""
    han = "氪新闻财经科技网报日时代观察"
    names = [f"{h}{han[h % len(han)]}{han[(h // len(han)) % len(han)]}" for h in range(hosts)]
    sites, folders, urls = [], [], []
    for i in range(rows):
        h, kind = i % hosts, i % 10
        sites.append(names[h] if kind < 8 else "")
        urls.append(
            f"https://{'www.' if h % 2 else 'm.'}site{h}.com/p/{i * 7919 % 1_000_003}" if kind < 6 or kind == 8 else ""
        )
        folders.append(f"/crawl/site{h}")
    return sites, folders, urls


def grouping_speed(group: Callable = site_groups) -> dict:
    """Process time of ``group`` (``site_groups``) on :func:`synthetic_rows`, best of three runs
    (each run from an empty cache of hosts)."""
    sites, folders, urls = synthetic_rows()
    best = float("inf")
    for _ in range(3):
        for cached in vars(sys.modules[group.__module__]).values():
            if hasattr(cached, "cache_clear"):
                cached.cache_clear()
        start = time.process_time()
        groups = group(sites, folders, urls)
        best = min(best, time.process_time() - start)
    return {"rows": len(sites), "hosts": len(set(folders)), "groups": len(set(groups)), "seconds": round(best, 3)}


def reference_site_groups(root: Path) -> Callable:
    """``site_groups`` of the source tree ``root`` (an unpacked ``git archive`` of another commit)."""
    file = root / "src" / "coopetition" / "text" / "furniture_site.py"
    if not file.is_file():
        raise SystemExit(f"--reference {root}: no {file.relative_to(root)} there (unpack a git archive of the project)")
    spec = importlib.util.spec_from_file_location(f"reference_furniture_site_{len(sys.modules)}", file)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.site_groups


def measure(folder: Path) -> dict:
    files = sorted(p for p in folder.iterdir() if p.suffix == ".txt")
    raws = [read_article(file)[0] for file in files]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        texts = [clean_with_report(raw)[0] for raw in raws]
    cleaned, dropped = drop_site_furniture(texts, [str(folder)] * len(texts))
    return {
        "articles": len(files),
        "lines_removed": sum(dropped),
        "articles_touched": sum(n > 0 for n in dropped),
        "candidate_lines": sum(len(_read(text)[0]) for text in texts),
        "recurring_lines_clean": recurring(texts)[0],
        "recurring_lines_raw": recurring(raws)[0],
        "most_articles_of_a_raw_line": recurring(raws)[1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference", type=Path, action="append", default=[], help="an unpacked git archive of a commit to time too"
    )
    parser.add_argument(
        "--reference-name", action="append", default=[], help="each reference's commit (default its folder's name)"
    )
    args = parser.parse_args(argv)
    if args.reference_name and len(args.reference_name) != len(args.reference):
        parser.error("--reference-name: give one for each --reference, in the same order")
    shared = paths.project_root() / ".." / "shared"
    corpora = {"seeds": paths.seeds_dir(), "external": shared / "external" / "articles"}
    result: dict = {
        "method": f"corpus pass after each article's cleaning; a line in >= {MIN_ARTICLES} articles and >= {MIN_SHARE:.0%} "
        "of its folder's, outside the body, not written prose",
        "devpages": "not scorable: one page a site",
    }
    for name, folder in corpora.items():
        if folder.is_dir():
            result[name] = measure(folder)
    result["synthetic_speed"] = synthetic_speed()
    result["grouping_speed"] = {"this commit": grouping_speed()}
    for root, name in zip(args.reference, args.reference_name or [r.name for r in args.reference]):
        result["grouping_speed"][f"reference {name}"] = grouping_speed(reference_site_groups(root))
    RESULT_FILE.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
