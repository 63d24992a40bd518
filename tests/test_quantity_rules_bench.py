"""The rules benchmark switches each rule family off by patching the reader: every patch must name an
attribute the reader still has, and a function must be replaced by one that takes the same arguments
(a stale patch would break the benchmark, or silently switch nothing off)."""

import inspect

import pytest
from _bench import load_benchmark

BENCH = load_benchmark("bench_quantity_rules")
PATCHES = [
    pytest.param(module, attribute, replacement, id=f"{family[:40]}:{attribute}")
    for family, patches in BENCH.FAMILIES.items()
    for module, attribute, replacement in patches
]


@pytest.mark.parametrize("module, attribute, replacement", PATCHES)
def test_each_rule_switch_patches_an_attribute_the_reader_has_with_its_signature(module, attribute, replacement):
    assert hasattr(module, attribute), f"{module.__name__} has no {attribute}"
    original = getattr(module, attribute)
    if inspect.isfunction(original):
        assert callable(replacement)
        wanted = [
            name
            for name, p in inspect.signature(original).parameters.items()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        try:  # every argument the reader's function takes, passed as the reader may pass it: by position
            inspect.signature(replacement).bind(*wanted)
        except TypeError as exc:
            pytest.fail(f"{attribute}: the switch cannot take the reader's arguments {wanted}: {exc}")


def test_a_stale_switch_is_caught():
    # the check above on a switch that lost an argument, as the benchmark's _enumerates switch once did
    def reader(before, after, classifier=""):
        return False

    with pytest.raises(TypeError):
        inspect.signature(lambda before, after: True).bind(*inspect.signature(reader).parameters)
