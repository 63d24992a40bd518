"""coopetition: read Chinese news on platform 竞合 (co-opetition) and turn it into numbers.

The public API, stable across releases:

- corpus: :func:`load_corpus`
- text → text: :func:`clean_text`
- text → units: :func:`tokenize`, :func:`split_sentences`
- corpus → statistics: :func:`term_frequencies`, :func:`keyness`, :func:`actor_mentions`
- sentence → label: :func:`frame_label`, :func:`tone_label`, :func:`tone_score`
  (``coopetition.frames.explain`` gives the cues behind them)
- text → numbers: :func:`extract_quantities`; corpus → metrics: :func:`text_metrics`
- many files → tables, in parallel and cached: :func:`process_corpus`
- figure → file: :func:`save_figure` (plot functions live in ``coopetition.plotting``)

Everything else lives in the submodules (``coopetition.clean`` holds each
cleaning step) and may change.
"""

from coopetition.actors import actor_mentions
from coopetition.clean import clean_text
from coopetition.corpus import CorpusError, load_corpus
from coopetition.frames import frame_label, tone_label, tone_score
from coopetition.metrics import text_metrics
from coopetition.pipeline import process_corpus
from coopetition.quantities import extract_quantities
from coopetition.segment import split_sentences, tokenize
from coopetition.stats import keyness, term_frequencies


def save_figure(fig, name, *, data=None):
    """Save a figure as ``figures/<name>.png`` (and ``data`` as ``<name>.csv``).

    See :func:`coopetition.plotting.save_figure`; importing plotting lazily
    keeps ``import coopetition`` free of matplotlib for text-only users.
    """
    from coopetition.plotting import save_figure as _save_figure

    return _save_figure(fig, name, data=data)


__all__ = [
    "CorpusError",
    "actor_mentions",
    "clean_text",
    "extract_quantities",
    "frame_label",
    "keyness",
    "load_corpus",
    "process_corpus",
    "save_figure",
    "split_sentences",
    "term_frequencies",
    "text_metrics",
    "tokenize",
    "tone_label",
    "tone_score",
]
__version__ = "0.1.0"
