"""coopetition: read Chinese news on platform 竞合 (co-opetition) and turn it into numbers.

The public API, stable across releases:

- corpus: :func:`load_corpus`
- text → text: :func:`clean_text`
- text → units: :func:`tokenize`, :func:`split_sentences`
- corpus → statistics: :func:`term_frequencies`, :func:`keyness`, :func:`actor_mentions`
- sentence → label: :func:`frame_label`, :func:`tone_label`, :func:`tone_score`,
  and :func:`explain` (the cues and model features behind them); labels → agreement
  with hand coding: :func:`validate`
- text → numbers: :func:`extract_quantities`; corpus → metrics: :func:`text_metrics`
- many files → tables, in parallel and cached: :func:`process_corpus`
- figure → file: :func:`save_figure`, :func:`cached_figure` (plot functions live in ``coopetition.output.plotting``)
- where things go: :func:`configure` (figures, cache and articles folders, from code)
- folder → report: ``python -m coopetition report FOLDER --out DIR`` (:mod:`coopetition.output.report`)
- your own coding: :func:`sample_for_coding`, :func:`read_coding`, :func:`agreement`
  (:mod:`coopetition.model.coding`); :func:`fit_labeller` → :class:`Labeller`, :func:`load_labeller`
  (:mod:`coopetition.model.labeller`)

Everything else lives in the submodules (``coopetition.text.clean`` holds each
cleaning step) and may change.
"""

from coopetition.measures.labels import explain, frame_label, tone_label, tone_score
from coopetition.measures.metrics import text_metrics
from coopetition.measures.quantities import extract_quantities
from coopetition.measures.stats import keyness, term_frequencies
from coopetition.model.agreement import agreement
from coopetition.model.coding import read_coding, sample_for_coding
from coopetition.model.labeller import Labeller, fit_labeller, load_labeller
from coopetition.paths import configure
from coopetition.pipeline import process_corpus
from coopetition.reading.corpus import CorpusError, CorpusWarning, load_corpus
from coopetition.text.actors import actor_mentions
from coopetition.text.clean import clean_text
from coopetition.text.segment import split_sentences, tokenize


def validate(labels, gold, *, classes=None):
    """Agreement of labels with hand coding: κ, confusion matrix, per-class precision and recall.

    See :func:`coopetition.model.validation.validate` (imported lazily: it needs scikit-learn).
    """
    from coopetition.model.validation import validate as _validate

    return _validate(labels, gold, classes=classes)


def save_figure(fig, name, *, data=None, directory=None):
    """Save a figure as ``<figures>/<name>.png`` (and ``data`` as ``<name>.csv``).

    ``directory`` writes elsewhere than the configured figures folder. See
    :func:`coopetition.output.plotting.save_figure`; importing plotting lazily
    keeps ``import coopetition`` free of matplotlib for text-only users.
    """
    from coopetition.output.plotting import save_figure as _save_figure

    return _save_figure(fig, name, data=data, directory=directory)


def cached_figure(name, data, draw, *, extra=None, directory=None):
    """Draw (``draw()``), save and close a figure, unless the same data and code drew it before.

    See :func:`coopetition.output.plotting.cached_figure`.
    """
    from coopetition.output.plotting import cached_figure as _cached_figure

    return _cached_figure(name, data, draw, extra=extra, directory=directory)


__all__ = [
    "CorpusError",
    "CorpusWarning",
    "Labeller",
    "agreement",
    "fit_labeller",
    "load_labeller",
    "read_coding",
    "sample_for_coding",
    "cached_figure",
    "actor_mentions",
    "clean_text",
    "configure",
    "explain",
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
    "validate",
    "__version__",
]
from coopetition._version import __version__  # noqa: E402 - one place for the version
