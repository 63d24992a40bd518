"""Reading a regular expression's source: the literal texts every match holds, and the longest match.

The furniture rule engine (:mod:`coopetition.text.clean.rules`) and the metadata rules
search a rule only in text holding one of its required literals, and try a rule that can
only match short lines only on short lines. Both facts are read off the pattern's source by
this small parser of Python's regular-expression syntax, which mirrors the standard
library's own parse where it matters (non-capturing groups unpacked into their sequence,
the common prefix of a ``|`` moved out, an alternation of single characters read as a
character set), without its private modules.

Both answers only ever make a search cheaper, never change what it finds: a pattern this
reader does not follow (verbose mode, say) gets ``()`` (no required text: always searched)
and an infinite width (tried on every line).
"""

from __future__ import annotations

import re

__all__ = ["parse", "required_literals", "max_width", "PatternSyntax"]

_CATEGORIES = frozenset("dDsSwW")
_ANCHORS = frozenset("AZbB")
_SIMPLE_ESCAPES = {"a": "\a", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}
_FLAG_LETTERS = {
    "i": re.IGNORECASE,
    "L": re.LOCALE,
    "m": re.MULTILINE,
    "s": re.DOTALL,
    "x": re.VERBOSE,
    "a": re.ASCII,
    "u": re.UNICODE,
}


class PatternSyntax(ValueError):
    """A pattern this reader does not follow (the caller falls back to no pre-filter)."""


class _Unique:
    """A node compared by identity, as the standard parser compares its sub-patterns."""

    __slots__ = ("kind", "value")

    def __init__(self, kind: str, value: object) -> None:
        self.kind, self.value = kind, value

    def __iter__(self):
        return iter((self.kind, self.value))

    def __getitem__(self, i: int):
        return (self.kind, self.value)[i]


# A node is a pair (kind, value):
#   ("lit", code) ("notlit", code) ("in", ((kind, value), ...)) ("any", None) ("at", what)
#   ("cat", letter) ("ref", group) — compared by value, like the standard parser's tuples;
#   and, compared by identity: ("sub", (flags_on, flags_off, seq)) a group,
#   ("branch", [seq, ...]), ("rep", (lo, hi or None, seq)), ("assert", seq), ("atomic", seq).


class _Source:
    def __init__(self, text: str) -> None:
        self.text, self.i = text, 0

    def peek(self, n: int = 1) -> str:
        return self.text[self.i : self.i + n]

    def get(self) -> str:
        if self.i >= len(self.text):
            raise PatternSyntax("unexpected end of pattern")
        ch = self.text[self.i]
        self.i += 1
        return ch

    def match(self, s: str) -> bool:
        if self.text.startswith(s, self.i):
            self.i += len(s)
            return True
        return False


def _hex(src: _Source, n: int) -> int:
    digits = src.text[src.i : src.i + n]
    if len(digits) != n or any(c not in "0123456789abcdefABCDEF" for c in digits):
        raise PatternSyntax("bad hex escape")
    src.i += n
    return int(digits, 16)


def _escape(src: _Source, in_class: bool) -> tuple[str, object]:
    ch = src.get()
    if ch in _SIMPLE_ESCAPES:
        return "lit", ord(_SIMPLE_ESCAPES[ch])
    if ch == "x":
        return "lit", _hex(src, 2)
    if ch == "u":
        return "lit", _hex(src, 4)
    if ch == "U":
        return "lit", _hex(src, 8)
    if ch in _CATEGORIES:
        return "cat", ch
    if ch == "b" and in_class:
        return "lit", 8
    if ch in _ANCHORS and not in_class:
        return "at", ch
    if ch == "0" or (ch in "1234567" and in_class):
        digits = ch
        while len(digits) < 3 and src.peek() in tuple("01234567") and src.peek():
            digits += src.get()
        return "lit", int(digits, 8)
    if ch.isdigit():
        digits = ch
        while src.peek().isdigit() and src.peek():
            digits += src.get()
        return "ref", int(digits)
    if ch.isascii() and ch.isalnum():
        raise PatternSyntax(f"escape \\{ch} not followed")
    return "lit", ord(ch)


def _char_class(src: _Source) -> tuple[str, object]:
    negate = src.match("^")
    items: list[tuple[str, object]] = []
    while True:
        ch = src.get()
        if ch == "]" and items:
            break
        code = _escape(src, True) if ch == "\\" else ("lit", ord(ch))
        if src.match("-"):  # a range, or a "-" before the closing bracket
            other = src.get()
            if other == "]":
                items += [code, ("lit", ord("-"))]
                break
            code2 = _escape(src, True) if other == "\\" else ("lit", ord(other))
            if code[0] != "lit" or code2[0] != "lit":
                raise PatternSyntax("bad range")
            items.append(("range", (code[1], code2[1])))
        else:
            items.append(code)
    unique = tuple(dict.fromkeys(items))
    if len(unique) == 1 and unique[0][0] == "lit":
        return ("notlit", unique[0][1]) if negate else unique[0]
    return "in", ((("negate", None),) if negate else ()) + unique


def _repeat(src: _Source, ch: str) -> tuple[int, int | None] | None:
    if ch == "?":
        return 0, 1
    if ch == "*":
        return 0, None
    if ch == "+":
        return 1, None
    # "{": a repeat only when well formed, else a literal brace
    here = src.i
    m = re.compile(r"(\d*)(,(\d*))?\}").match(src.text, src.i)
    if src.peek() == "}" or not m:
        src.i = here
        return None
    src.i = m.end()
    lo = int(m.group(1)) if m.group(1) else 0
    hi = (int(m.group(3)) if m.group(3) else None) if m.group(2) else lo
    return lo, hi


def _group(src: _Source, flags: int) -> object:
    capture, atomic, add, drop, kind = True, False, 0, 0, "sub"
    if src.match("?"):
        capture = False
        if src.match(":"):
            pass
        elif src.match("P<") or src.match("<") and src.peek() not in ("=", "!"):
            src.i = src.text.index(">", src.i) + 1
            capture = True
        elif src.match("P="):
            src.i = src.text.index(")", src.i) + 1
            return "ref", None
        elif src.match("#"):
            src.i = src.text.index(")", src.i) + 1
            return None
        elif src.peek() in ("=", "!") or src.peek(2) in ("<=", "<!"):
            src.match("<")
            src.get()
            kind = "assert"
        elif src.match(">"):
            atomic = True
        elif src.match("("):
            raise PatternSyntax("conditional groups are not followed")
        else:
            while src.peek() and src.peek() in _FLAG_LETTERS:
                add |= _FLAG_LETTERS[src.get()]
            if src.match("-"):
                while src.peek() and src.peek() in _FLAG_LETTERS:
                    drop |= _FLAG_LETTERS[src.get()]
            if src.match(")"):  # global flags: (?i) at the start
                if add & re.VERBOSE:
                    raise PatternSyntax("verbose patterns are not followed")
                return ("flags", add)
            if not src.match(":"):
                raise PatternSyntax("unknown group")
            if add & re.VERBOSE:
                raise PatternSyntax("verbose patterns are not followed")
    seq = _alternation(src, flags, nested=True)
    if not src.match(")"):
        raise PatternSyntax("missing )")
    if kind == "assert":
        return _Unique("assert", seq)
    if atomic:
        return _Unique("atomic", seq)
    return _Unique("sub", (add, drop, seq, capture))


def _sequence(src: _Source, flags: int) -> list:
    seq: list = []
    while src.peek() and src.peek() not in ("|", ")"):
        ch = src.get()
        if ch == "\\":
            seq.append(_escape(src, False))
        elif ch == "[":
            seq.append(_char_class(src))
        elif ch in "?*+{":
            bounds = _repeat(src, ch)
            if bounds is None:
                seq.append(("lit", ord(ch)))
                continue
            if not seq or seq[-1][0] == "at":
                raise PatternSyntax("nothing to repeat")
            item = seq[-1]
            inner = (
                item.value[2]
                if item[0] == "sub" and not item.value[0] and not item.value[1] and not item.value[3]
                else [item]
            )
            src.match("?") or src.match("+")
            seq[-1] = _Unique("rep", (bounds[0], bounds[1], inner))
        elif ch == ".":
            seq.append(("any", None))
        elif ch == "(":
            node = _group(src, flags)
            if node is not None and not (isinstance(node, tuple) and node[0] == "flags"):
                seq.append(node)
        elif ch in "^$":
            seq.append(("at", ch))
        else:
            seq.append(("lit", ord(ch)))
    out: list = []  # non-capturing groups without flags are part of their sequence
    for node in seq:
        if node[0] == "sub" and not node.value[0] and not node.value[1] and not node.value[3]:
            out.extend(node.value[2])
        else:
            out.append(node)
    return out


def _alternation(src: _Source, flags: int, nested: bool) -> list:
    items = [_sequence(src, flags)]
    while src.match("|"):
        items.append(_sequence(src, flags))
    if len(items) == 1:
        return items[0]
    out: list = []
    while all(items) and all(_same(item[0], items[0][0]) for item in items):  # the common prefix moves out
        out.append(items[0][0])
        items = [item[1:] for item in items]
    chars: list = []
    for item in items:
        if len(item) != 1:
            break
        kind, value = item[0]
        if kind == "lit":
            chars.append(item[0])
        elif kind == "in" and value[0][0] != "negate":
            chars.extend(value)
        else:
            break
    else:  # single characters: one character set
        out.append(("in", tuple(dict.fromkeys(chars))))
        return out
    out.append(_Unique("branch", items))
    return out


def _same(a, b) -> bool:
    if isinstance(a, _Unique) or isinstance(b, _Unique):
        return a is b
    return a == b


def parse(pattern: str) -> list:
    """The pattern's top-level sequence of nodes. Raises :class:`PatternSyntax` for what it does not follow."""
    src = _Source(pattern)
    seq = _alternation(src, 0, nested=False)
    if src.i != len(pattern):
        raise PatternSyntax("unbalanced )")
    return seq


def _required(seq: list) -> tuple[str, ...]:
    best = run = ""
    options: list[tuple[str, ...]] = []
    for node in seq:
        kind, value = node
        run = run + chr(value) if kind == "lit" else ""
        best = max(best, run, key=len)
        if kind == "sub":  # a group, not repeated: every match passes through it
            options.append(() if value[0] & re.IGNORECASE else _required(value[2]))
        elif kind == "branch":
            texts = [_required(branch) for branch in value]
            options.append(tuple(t for ts in texts for t in ts) if all(texts) else ())
        elif kind == "in" and all(k == "lit" for k, _ in value):  # [文图]
            options.append(tuple(chr(code) for _, code in value))
    candidates: list[tuple[str, ...]] = [(best,)] if best else []
    candidates += [option for option in options if option]
    return max(candidates, key=lambda texts: min(map(len, texts)), default=())


def required_literals(pattern: str, flags: int = 0) -> tuple[str, ...]:
    """Literal texts one of which every match of ``pattern`` holds, or ``()`` (see
    :func:`coopetition.text.clean.rules.required_texts`).

    Example:
        >>> required_literals(r"(未经|未获)授权")
        ('授权',)
        >>> required_literals(r"\\d+人阅读|阅读量")
        ('人阅读', '阅读量')
    """
    if flags & re.IGNORECASE:  # the compiled pattern's flags: a global (?i) included
        return ()
    try:
        seq = parse(pattern)
    except (PatternSyntax, ValueError):
        return ()
    return _required(seq)


def _width(seq: list) -> float:
    hi = 0.0
    for kind, value in seq:
        if kind == "branch":
            hi += max((_width(branch) for branch in value), default=0.0)
        elif kind in ("sub",):
            hi += _width(value[2])
        elif kind == "atomic":
            hi += _width(value)
        elif kind == "rep":
            inner = _width(value[2])
            hi += 0.0 if inner == 0 else (float("inf") if value[1] is None else inner * value[1])
        elif kind in ("lit", "notlit", "in", "any", "cat"):
            hi += 1
        elif kind == "ref":
            hi = float("inf")
    return hi


def max_width(pattern: str) -> float:
    """The most characters a match of ``pattern`` can span (``inf`` when unbounded or not followed).

    Example:
        >>> max_width(r"^[第]?\\d{1,3}[页頁]$"), max_width(r"^责任编辑.*$")
        (5.0, inf)
    """
    try:
        return _width(parse(pattern))
    except (PatternSyntax, ValueError):
        return float("inf")
