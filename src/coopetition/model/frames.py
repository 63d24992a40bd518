"""Framing and tone: a thin re-export kept so ``from coopetition.model.frames import …`` works.

The code lives in three modules, one family each:

- :mod:`coopetition.measures.labels` — sentence → label (``frame_label``, ``tone_label``,
  ``tone_score``, ``explain``);
- :mod:`coopetition.measures.sentences` — corpus → sentence tables (``sentence_table``,
  ``frame_shares``, ``tone_by_frame``, ``kwic``, ``evidence``, ``hownet_audit``);
- :mod:`coopetition.measures.network` — corpus → actor network (``actor_network``);
- :mod:`coopetition.model.validation` — agreement with hand coding (``validate``,
  ``cv_table``, ``confusion_table``).
"""

from coopetition.measures.labels import (
    FRAMES,
    TONES,
    Explanation,
    explain,
    frame_label,
    frame_labels,
    hownet,
    label_sentences,
    lexicon,
    tone_label,
    tone_labels,
    tone_score,
)
from coopetition.measures.network import actor_network
from coopetition.measures.sentences import (
    MIN_FRAMING,
    evidence,
    frame_shares,
    hownet_audit,
    kwic,
    sentence_table,
    tone_by_frame,
)

_VALIDATION = ("confusion_table", "cv_table", "validate")


def __getattr__(name: str):
    """The validation names, imported on first use: they need scikit-learn, labelling does not."""
    if name in _VALIDATION:
        from coopetition.model import validation

        return getattr(validation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: the names ``from coopetition.model.frames import …`` has always offered, plus the batch and validation ones
__all__ = [
    "FRAMES",
    "TONES",
    "Explanation",
    "explain",
    "frame_label",
    "tone_label",
    "tone_score",
    "frame_labels",
    "tone_labels",
    "label_sentences",
    "lexicon",
    "hownet",
    "sentence_table",
    "frame_shares",
    "tone_by_frame",
    "kwic",
    "evidence",
    "hownet_audit",
    "MIN_FRAMING",
    "actor_network",
    "validate",  # noqa: F822 - provided by the module __getattr__ on first use
    "cv_table",  # noqa: F822 - provided by the module __getattr__ on first use
    "confusion_table",  # noqa: F822 - provided by the module __getattr__ on first use
]
