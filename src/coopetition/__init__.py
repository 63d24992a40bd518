"""coopetition: read Chinese news on platform 竞合 (co-opetition) and turn it into numbers.

The public API, stable across releases:

- corpus: :func:`load_corpus`
- text → text: :func:`clean_text`
- text → units: :func:`tokenize`, :func:`split_sentences`

Everything else lives in the submodules (``coopetition.clean`` holds each
cleaning step) and may change.
"""

from coopetition.clean import clean_text
from coopetition.corpus import CorpusError, load_corpus
from coopetition.segment import split_sentences, tokenize

__all__ = [
    "CorpusError",
    "clean_text",
    "load_corpus",
    "split_sentences",
    "tokenize",
]
__version__ = "0.1.0"
