"""A data file whose word list is malformed is named with its key in the error (not "alternation: words")."""

from __future__ import annotations

import tomllib

import pytest

from coopetition._data import read_text
from coopetition.reading.metadata.rules import load_metadata_rules


def _metadata_with_suffixes(value: str) -> str:
    # the packaged metadata.toml, with its outlet suffixes replaced by one TOML value
    spec = read_text("metadata.toml")
    suffixes = tomllib.loads(spec)["outlet"]["suffixes"]
    assert suffixes, "metadata.toml: outlet.suffixes is empty"
    head, _, tail = spec.partition("\nsuffixes = ")
    assert tail, "metadata.toml: no 'suffixes = ' line"
    depth, end = 0, 0
    for end, char in enumerate(tail):  # the end of the TOML array that follows
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth == 0:
            break
    return head + "\nsuffixes = " + value + tail[end + 1 :]


def test_metadata_rules_name_the_key_of_a_suffix_list_that_is_one_string():
    # suffixes = "日报" (a string where a list belongs) would be read as its characters 日 and 报
    with pytest.raises(
        TypeError, match=r"metadata rules: outlet\.suffixes must be a list of words, not one str \('日报'\)"
    ):
        load_metadata_rules(_metadata_with_suffixes('"日报"'))
    with pytest.raises(ValueError, match=r"metadata rules: outlet\.suffixes: an empty word would match everywhere"):
        load_metadata_rules(_metadata_with_suffixes('["日报", ""]'))
    assert load_metadata_rules(_metadata_with_suffixes('["日报", "晚报"]')) is not None


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ({"path": "/a/"}, r"platform\[0\]: needs a host"),
        ({"host": "sohu.com", "account": "/a/\\d+_\\d+"}, r"platform\[0\]: account needs a group 1"),
        ({"host": "sohu.com", "account": "/a/(\\d+"}, r"platform\[0\]: account is no regular expression"),
        ({"host": "sohu.com", "path": ["/a/"]}, r"platform\[0\]: path must be a string, not list"),
        ({"host": "sohu.com", "names": ["搜狐", ""]}, r"platform\[0\]: names must be a list of non-empty strings"),
    ],
)
def test_a_bad_platform_entry_is_named_with_the_file_the_entry_and_the_reason(entry, reason):
    from coopetition.text.furniture_site import _check_platform

    with pytest.raises(ValueError, match="platform_hosts.toml: " + reason):
        _check_platform(0, entry)


def test_every_shipped_platform_entry_passes_the_check():
    from coopetition.text.furniture_site import _check_platform

    for i, entry in enumerate(tomllib.loads(read_text("platform_hosts.toml"))["platform"]):
        _check_platform(i, entry)
