"""Furniture a site repeats across its articles: the corpus pass of the cleaning.

A crawl of many articles from one site prints the site's template on every page: a menu, a
slogan, a notice, a copyright line, a "related articles" header. Each article's cleaning
(:mod:`coopetition.text.furniture`) sees one page and cannot know that a line recurs on every
page of the site; this pass, run over a whole corpus after each article is cleaned, can.

It counts each article's distinct normalised lines (whitespace collapsed, case folded) per
group of articles (:func:`site_groups`): the hosting site when one is known, one key a site
(the registrable domain of its URL, so a page's site name and a record's URL host are one
site; on a content platform such as WeChat or Baijiahao, the account: :func:`site_key`), else the one site its folder's articles name, else the folder the file is in (a crawl
is usually one folder a site). Copies of one article (the same body, whatever their edges)
count once, as one article.
A line that recurs in at least :data:`MIN_ARTICLES` distinct articles and in at least
:data:`MIN_SHARE` of its group's distinct articles is site furniture, and is dropped from every
article of the group, with two guards:

- written text stays: a line that ends a sentence and holds :data:`~coopetition.text.furniture.SENTENCE_HAN`
  Han characters or more (or a long sentence in Latin letters) is prose, even when several
  articles quote it (a shared statement, a press release's sentence), and is never counted;
- the body stays: only lines before the article's first written line or after its last (where
  a template prints its menus, slogans and footers) are counted and dropped; a short line
  between two written ones (a subheading such as ``写在最后`` that one author uses in every
  article) stays.

Memory: per group, one 64-bit hash per counted line of its articles (written lines are not
counted) and one per article (its body), never the texts; the counts are taken group by group, so a corpus of a million
articles holds the hashes of its largest site at once. Time: one pass over the lines to count,
one to drop.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import re
from array import array
from collections.abc import Callable, Hashable, Sequence
from urllib.parse import parse_qsl, urlsplit

import numpy as np

from coopetition.text.charset import cjk_count
from coopetition.text.furniture import SENTENCE_HAN, SENTENCE_LATIN

__all__ = [
    "MIN_ARTICLES",
    "MIN_SHARE",
    "site_domain",
    "site_key",
    "site_groups",
    "site_furniture",
    "drop_site_furniture",
    "line_keys",
    "recurring_lines",
    "drop_lines",
]

#: a line is site furniture when it recurs in at least this many articles of its group...
MIN_ARTICLES = 3
#: ... and in at least this share of them
MIN_SHARE = 0.2
_SENTENCE_END_RE = re.compile(r"[。!?;!?;…](?:[”’\"'」』)\]】》)]*)$")


def _normal(line: str) -> str:
    return " ".join(line.split()).casefold()


def _key(normal: str) -> int:
    return int.from_bytes(hashlib.blake2b(normal.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def _written(line: str) -> bool:
    """Prose: a sentence end, and :data:`SENTENCE_HAN` Han characters or more, or
    :data:`SENTENCE_LATIN` characters or more half of them Latin letters (an English paragraph)."""
    if _SENTENCE_END_RE.search(line) is None:
        return False
    return cjk_count(line) >= SENTENCE_HAN or (
        len(line) >= SENTENCE_LATIN and 2 * sum(c.isascii() and c.isalpha() for c in line) >= len(line)
    )


def _read(text: str) -> tuple[list[tuple[int, str]], int]:
    """The (index, normalised text) of each line that may be site furniture: a non-blank line
    outside the body, which runs from the first written line (:func:`_written`) to the last.
    Only the lines before the first and after the last are read (the edges of the article).
    And the article's identity: a hash of its body as it stands (of its normalised edge lines
    when it has no written line), the same for two copies of one article whatever their edges."""
    lines = text.split("\n")
    out: list[tuple[int, str]] = []
    first = len(lines)
    for i, line in enumerate(lines):
        normal = _normal(line)
        if _written(normal):
            first = i
            break
        if normal:
            out.append((i, normal))
    last = first
    for i in range(len(lines) - 1, first, -1):
        normal = _normal(lines[i])
        if _written(normal):
            last = i
            break
        if normal:
            out.append((i, normal))
    body = "\n".join(lines[first : last + 1]) if first < len(lines) else "\n".join(normal for _, normal in out)
    return out, _key(("body\n" if first < len(lines) else "edges\n") + body)


_HOST_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+", re.ASCII)
#: the prefixes of a host that name no site of their own (``www.foo.x`` and ``m.foo.x`` are one site)
_HOST_PREFIXES = ("www.", "m.", "wap.")


#: a URL's start: its scheme (optional) and the ``//`` before its host
_AUTHORITY_RE = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//", re.ASCII | re.IGNORECASE)
_AFTER_HOST_RE = re.compile(r"[/?#\\]")


def _host(text: str) -> str:
    """The host name ``text`` gives (a URL with or without its scheme, or a host with a port),
    lower-cased, in ASCII (punycode: ``例子.中国`` and ``xn--fsqu00a.xn--fiqs8s`` are one host);
    an address (``127.0.0.1``, ``::1`` in a URL's brackets) as it is written, and ``localhost``
    in a URL; ``""`` when it names none (a site name such as ``36氪``, a relative link)."""
    text = text.strip()
    start = _AUTHORITY_RE.match(text)
    if start is None and "." not in text:  # no host: a site name (``36氪``), a word, a relative file
        return ""
    if start is None and text.startswith("/"):  # a path of the site itself
        return ""
    rest = text[start.end() :] if start else text
    found = _AFTER_HOST_RE.search(rest)
    return _authority_host(rest[: found.start()] if found else rest, start is not None)


@functools.lru_cache(maxsize=1 << 16)
def _authority_host(authority: str, url: bool) -> str:
    """:func:`_host` of a URL's authority (``user@host:port``; ``url``: it came after a ``//``),
    once a distinct authority (a crawl has few hosts; its URLs differ only after them)."""
    try:
        host = urlsplit("//" + authority).hostname or ""
    except ValueError:  # a malformed authority (``[::1``) names no host
        return ""
    host = host.casefold().rstrip(".")
    try:
        return str(ipaddress.ip_address(host))  # an address, with or without a scheme
    except ValueError:
        pass
    if url and host == "localhost":
        return host
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:  # a label IDNA refuses names no host
            return ""
    if not _HOST_RE.fullmatch(host):
        return ""
    # without a scheme, a relative link (``index.html``) would read as a host: take only a known suffix
    return host if url or _public_domain(host) or host.startswith(_HOST_PREFIXES) else ""


def _site_host(site: str) -> str:
    """The host a ``site`` names when it is a host name (no path), else ``""``."""
    return _host(site) if "/" not in site.strip() else ""


def _url_host(site: str, url: str) -> str:
    """The host of an article's ``url``, else of a ``site`` that is a host name."""
    return _host(url) or _site_host(site)


def site_domain(site: str = "", url: str = "") -> str:
    """The registrable domain of an article's site (``36kr.com`` for ``https://m.36kr.com/p/1``,
    ``sina.com.cn`` for ``finance.sina.com.cn``), read from its ``url`` (with or without its
    scheme), else from a ``site`` that is a host name (a port is dropped); ``""`` when neither names
    a host (a site name such as ``36氪``). A unicode host and its punycode are one key (the
    punycode). A host with no registrable domain (an address such as ``127.0.0.1`` or ``::1``,
    ``localhost`` in a URL, an unknown suffix) is its own key without a leading ``www.``, ``m.``
    or ``wap.``. The public suffix list is the one the ``tld``
    package ships (no download).

    Example:
        >>> site_domain("36氪", "https://www.36kr.com/p/2808"), site_domain("News.Sina.com.cn"), site_domain("36氪")
        ('36kr.com', 'sina.com.cn', '')
        >>> site_domain("www.36kr.com:8080"), site_domain(url="www.36kr.com/p/1"), site_domain("m.foo.unknownsuffix")
        ('36kr.com', '36kr.com', 'foo.unknownsuffix')
        >>> site_domain(url="http://localhost:8000/a/1"), site_domain(url="http://[::1]:80/x"), site_domain("127.0.0.1")
        ('localhost', '::1', '127.0.0.1')
    """
    host = _url_host(site, url)
    return _registrable(host) if host else ""


@functools.lru_cache(maxsize=1 << 16)
def _public_domain(host: str) -> str:
    """``host``'s registrable domain under the public suffix list, ``""`` when it has none
    (a crawl has few hosts: each is looked up once)."""
    from tld import get_fld

    return get_fld(host, fix_protocol=True, fail_silently=True) or ""


def _registrable(host: str) -> str:
    """``host``'s registrable domain, else ``host`` without a leading ``www.``/``m.``/``wap.``."""
    found = _public_domain(host)
    if found:
        return found
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and "." in host[len(prefix) :]:
            return host[len(prefix) :]
    return host


@functools.cache
def _platforms() -> tuple[list[dict], frozenset[str]]:
    """The content platforms of ``data/platform_hosts.toml`` (their ``account`` patterns compiled)
    and the names they print for themselves."""
    import tomllib

    from coopetition._data import read_text

    entries = tomllib.loads(read_text("platform_hosts.toml")).get("platform")
    if not isinstance(entries, list) or not entries:
        raise ValueError("platform_hosts.toml: no [[platform]] entries")
    names: set[str] = set()
    for i, entry in enumerate(entries):
        _check_platform(i, entry)
        if "account" in entry:
            entry["account"] = re.compile(entry["account"])
        names.update(entry.get("names", ()))
    return entries, frozenset(names)


def _check_platform(i: int, entry: dict) -> None:
    """Raise ``ValueError`` naming ``platform_hosts.toml``, the entry and the field, for an entry the site key
    cannot use: no ``host``, a field of the wrong type, an ``account`` pattern that does not compile or has no
    group 1 (the account)."""
    where = f"platform_hosts.toml: platform[{i}]"
    if not isinstance(entry.get("host"), str) or not entry["host"]:
        raise ValueError(f"{where}: needs a host (a non-empty string)")
    for field in ("path", "query", "platform", "account"):
        if field in entry and not isinstance(entry[field], str):
            raise ValueError(f"{where}: {field} must be a string, not {type(entry[field]).__name__}")
    if not all(isinstance(name, str) and name for name in entry.get("names", ())):
        raise ValueError(f"{where}: names must be a list of non-empty strings")
    if "account" in entry:
        try:
            groups = re.compile(entry["account"]).groups
        except re.error as error:
            raise ValueError(f"{where}: account is no regular expression ({error})") from None
        if groups < 1:
            raise ValueError(f"{where}: account needs a group 1, the account")


@functools.lru_cache(maxsize=1 << 12)
def _host_platforms(host: str) -> tuple[dict, ...]:
    """The entries of :func:`_platforms` whose host is ``host`` or a domain of it (once a host)."""
    return tuple(e for e in _platforms()[0] if host == e["host"] or host.endswith("." + e["host"]))


def _platform_key(host: str, url: str, name: str) -> str | None:
    """The key of a page of a content platform (:func:`_platforms`): its account as its URL names it
    (``mp.weixin.qq.com/__biz=…``), else as the page names it (``mp.weixin.qq.com/某某科技``),
    else ``""`` (the URL names no account: the page goes by its folder). ``None`` when ``host`` is
    no platform's."""
    for entry in _host_platforms(host):
        try:
            parts = urlsplit(url.strip() if "//" in url else "//" + url.strip()) if url.strip() else None
        except ValueError:
            parts = None
        path = parts.path if parts else ""
        if "path" in entry and not path.startswith(entry["path"]):
            continue
        account = ""
        if parts and "query" in entry:
            account = next((f"{k}={v}" for k, v in parse_qsl(parts.query) if k == entry["query"] and v), "")
        if parts and not account and "account" in entry and (found := entry["account"].search(path)):
            account = f"account={found.group(1)}"
        account = account or name
        return f"{entry.get('platform', entry['host'])}/{account}" if account else ""
    return None


def site_key(site: str = "", url: str = "") -> str:
    """The site an article is counted in by what it alone gives: :func:`site_domain`, except on a
    content platform (``data/platform_hosts.toml``: WeChat, Baijiahao, Toutiao…), whose accounts
    are each a site (:func:`_platform_key`); ``""`` when it names no host.

    Example:
        >>> site_key("某某科技", "https://mp.weixin.qq.com/s/AbC"), site_key("", "https://www.toutiao.com/article/1/")
        ('mp.weixin.qq.com/某某科技', '')
    """
    url_host = _host(url)  # not _url_host: which of the two named the host decides what the platform reads
    host = url_host or _site_host(site)
    if not host:
        return ""
    platform = _platform_key(host, url if url_host else site, _site_name(site))
    return _registrable(host) if platform is None else platform


@functools.lru_cache(maxsize=1 << 16)
def _site_name(site: str) -> str:
    """``site`` when it is a site's name: not a host, not the name a content platform gives itself."""
    site = site.strip()
    return "" if not site or _host(site) or site in _platforms()[1] else site


def site_groups(
    sites: Sequence[str], folders: Sequence[str], urls: Sequence[str] | None = None
) -> list[tuple[str, str]]:
    """The group each article is counted in, one key a site whatever name the article gives it.

    - ``("site", domain)`` for an article whose ``url`` (or whose ``site``, when it is a host name)
      names a host: its registrable domain (:func:`site_domain`), so ``www.36kr.com``, ``36kr.com``
      and ``m.36kr.com`` are one site; on a content platform (WeChat, Baijiahao…), its account
      (:func:`site_key`): the account its URL names, else its site name, else none (its folder);
      an account named by its name on some pages and by an id its URL gives on others (WeChat's
      ``/s/<id>`` and ``?__biz=…``) is one site when that name goes with one id only;
    - the same for an article that names its site by name only (``36氪``) when the articles that
      give both that name and a URL all give one domain (the name is that site's);
    - ``("site", name)`` for any other article that names its site;
    - for one that names none, the key its folder's articles give when they all give one (a crawl
      of one site whose pages only sometimes print its name is one group, not two), else
      ``("folder", folder)`` (a folder of plain text, or of several sites' articles).

    Args:
        sites: each article's site name or host (``""`` when not known).
        folders: the folder each article's file is in.
        urls: each article's URL (``""`` when not known); default none known.

    Raises:
        ValueError: ``sites``, ``folders`` and ``urls`` differ in length.
    """
    urls = [""] * len(sites) if urls is None else urls
    if not len(sites) == len(folders) == len(urls):
        raise ValueError(
            f"site_groups: {len(sites)} sites but {len(folders)} folders and {len(urls)} urls (one of each an article)"
        )
    domains = [site_key(site, url) for site, url in zip(sites, urls)]
    names = [_site_name(site) for site in sites]
    domains = _accounts_by_id(names, domains)
    named: dict[str, set[str]] = {}  # a site name -> the keys its articles' URLs give
    for name, url, domain in zip(names, urls, domains):
        if name and domain and url:
            named.setdefault(name, set()).add(domain)
    keys = [
        domain or (next(iter(named[name])) if len(named.get(name, ())) == 1 else name)
        for name, domain in zip(names, domains)
    ]
    in_folder: dict[str, set[str]] = {}
    for key, folder in zip(keys, folders):
        if key:
            in_folder.setdefault(folder, set()).add(key)
    out: list[tuple[str, str]] = []
    for key, folder in zip(keys, folders):
        if not key and len(in_folder.get(folder, ())) == 1:
            key = next(iter(in_folder[folder]))
        out.append(("site", key) if key else ("folder", folder))
    return out


def _accounts_by_id(names: list[str], keys: list[str]) -> list[str]:
    """``keys`` (of :func:`site_key`) with a platform account keyed by its name (``mp.weixin.qq.com/某某科技``,
    its URL naming none: ``/s/<id>``) keyed by the id its other pages' URLs give with that name
    (``mp.weixin.qq.com/__biz=MzA5``), when they give one id only: one account is one site."""
    ids: dict[tuple[str, str], set[str]] = {}
    for name, key in zip(names, keys):
        platform, _, account = key.partition("/")
        if name and account and account != name:
            ids.setdefault((platform, name), set()).add(key)
    if not ids:
        return keys
    out = []
    for name, key in zip(names, keys):
        platform, _, account = key.partition("/")
        found = ids.get((platform, name), ()) if name and account == name else ()
        out.append(next(iter(found)) if len(found) == 1 else key)
    return out


def site_furniture(
    texts: Sequence[str], groups: Sequence[Hashable], *, min_articles: int = MIN_ARTICLES, min_share: float = MIN_SHARE
) -> dict[Hashable, set[int]]:
    """The hashes of the lines each group's articles repeat (:func:`drop_site_furniture` drops them).

    Raises:
        ValueError: ``texts`` and ``groups`` differ in length, ``min_articles`` is under 2 or
            ``min_share`` is not in (0, 1].
    """
    if len(texts) != len(groups):
        raise ValueError(f"site_furniture: {len(texts)} texts but {len(groups)} groups (one group an article)")
    if min_articles < 2:
        raise ValueError(
            f"site_furniture: min_articles must be 2 or more (a line in one article repeats nothing), not {min_articles}"
        )
    if not 0 < min_share <= 1:
        raise ValueError(f"site_furniture: min_share must be in (0, 1], not {min_share}")
    return recurring_lines(groups, lambda i: line_keys(texts[i]), min_articles=min_articles, min_share=min_share)


def line_keys(text: str) -> tuple[list[tuple[int, int]], int]:
    """What the counting needs of one article, without its text: the (line index, hash) of each
    line that may be site furniture (:func:`_read`) and the article's identity (a hash of its body).
    :func:`process_corpus <coopetition.pipeline.process_corpus>` takes these in its workers."""
    candidates, identity = _read(text)
    return [(index, _key(normal)) for index, normal in candidates], identity


def recurring_lines(
    groups: Sequence[Hashable],
    read: Callable[[int], tuple[Sequence[tuple[int, int]], int]],
    *,
    min_articles: int = MIN_ARTICLES,
    min_share: float = MIN_SHARE,
) -> dict[Hashable, set[int]]:
    """:func:`site_furniture` from each article's :func:`line_keys`: ``read(i)`` gives article ``i``'s,
    asked for group by group (so only one group's hashes are held at once)."""
    members: dict[Hashable, list[int]] = {}
    for i, group in enumerate(groups):
        members.setdefault(group, []).append(i)
    found: dict[Hashable, set[int]] = {}
    for group, articles in members.items():
        # each article counted once: copies of one article (the same body) are one article, or three
        # copies would make their own headline and byline "site furniture" and lose them
        # (only hashes are held: one per distinct article and one per counted line, never the lines)
        seen: set[int] = set()
        hashes = array("Q")
        for i in articles:
            keys, identity = read(i)
            if identity not in seen:
                seen.add(identity)
                hashes.extend(sorted({key for _, key in keys}))  # once an article
        need = max(min_articles, int(np.ceil(min_share * len(seen) - 1e-9)))
        if len(seen) < need or not hashes:
            continue
        keys_, counts = np.unique(np.frombuffer(hashes, dtype=np.uint64), return_counts=True)
        recurring = keys_[counts >= need]
        if len(recurring):
            found[group] = set(recurring.tolist())
    return found


def drop_lines(text: str, keys: Sequence[tuple[int, int]], recurring: set[int]) -> tuple[str, int]:
    """``text`` without its lines (of ``keys``, its :func:`line_keys`) whose hash is in ``recurring``,
    and how many it lost (``text`` itself when none)."""
    gone = {index for index, key in keys if key in recurring}
    if not gone:
        return text, 0
    return "\n".join(line for j, line in enumerate(text.split("\n")) if j not in gone), len(gone)


def drop_site_furniture(
    texts: Sequence[str], groups: Sequence[Hashable], *, min_articles: int = MIN_ARTICLES, min_share: float = MIN_SHARE
) -> tuple[list[str], list[int]]:
    """Each text without the lines its group's articles repeat (:func:`site_furniture`), and how
    many lines each lost. ``groups[i]`` names the site (or folder) of ``texts[i]``.

    Raises:
        ValueError: as :func:`site_furniture`.
    """
    found = site_furniture(texts, groups, min_articles=min_articles, min_share=min_share)
    out, dropped = list(texts), [0] * len(texts)
    for i, (text, group) in enumerate(zip(texts, groups)):
        recurring = found.get(group)
        if recurring:
            out[i], dropped[i] = drop_lines(text, line_keys(text)[0], recurring)
    return out, dropped
