"""Your coding, your measure: adapt the shipped frame and tone model to sentences you coded.

- :func:`fit_labeller` — a coded table (``text, frame, tone``, optional
  ``doc_id``; :func:`coopetition.model.coding.read_coding` gives one) → a
  :class:`Labeller`;
- :meth:`Labeller.label` — sentences → ``frame, tone, tone_score, frame_prob``;
- :meth:`Labeller.validate` — cross-validated κ on your coded sentences, beside
  the shipped model's κ on the same sentences;
- :meth:`Labeller.save` / :func:`load_labeller` — one ``.npz`` of plain arrays
  and JSON metadata (``np.load(..., allow_pickle=False)`` reads it; never a pickle);
- :func:`labeller_for` — what notebook 03 and the report use: a ``labeller.npz``
  or a filled coding sheet (``coding.csv`` / ``coding.xlsx``) in the corpus
  folder, and a sentence saying which.

How the model is adapted (``base="shipped"``, the default, which needs nothing
but the package): the shipped model's features (character n-grams, cues, word
vectors) and its own scores are kept, and a scikit-learn logistic regression
is fitted per axis on your sentences (weighed ``weight`` each) and on the
coded sentences written for the package (``data/constructed_*.jsonl``, weight
1: they keep every label known, also one your sample lacks). Its inputs are
the shipped model's log-odds, scaled up so that trusting them costs the
penalty almost nothing, and the features themselves: so it starts from the
shipped model and moves away from it only as far as your coding asks (a
prior centred on the shipped coefficients). Both parts are linear, so the
result folds back into the shipped model's form: the same arrays, new
coefficients, labelled by the same code (:mod:`coopetition.measures.labels`, with its
furniture and co-opetition rules).

``base="training"`` instead refits the shipped model from scratch
(:func:`coopetition.model.train.fit_model`) on its whole training table plus your
sentences (each repeated ``weight`` times); it needs ``../shared/`` beside the
project.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from coopetition.measures.cues import FRAMES, TONES
from coopetition.model.adapt import LabellerError, adapt_shipped, shipped_hash
from coopetition.model.coding import shipped_probabilities  # noqa: F401 - lives in coding (which samples by it); importable from here

__all__ = [
    "Labeller",
    "LabellerError",
    "fit_labeller",
    "load_labeller",
    "labeller_for",
    "shipped_probabilities",
    "BASES",
    "SETTINGS",
    "ACCURATE_MODE_SETTINGS",
    "LABELLER_FILE",
    "CODING_FILES",
]

#: where a labeller is adapted from
BASES = ("shipped", "training")
#: the adaptation's settings (``base="shipped"``), chosen on the development half of
#: ``../shared/devpages/`` by ``benchmarks/tune_adapt.py`` (``benchmarks/adapt_tuning_development.json``)
SETTINGS = {
    "weight": 10.0,  # one coded sentence of yours against one written sentence of the package
    "C": 0.1,  # inverse strength of the pull towards the shipped model (scikit-learn's C)
    "logit_scale": 1.0,  # how far the shipped log-odds are scaled before the regression reads them
    "feature_scale": 1.0,  # how far the features themselves are (0: only the shipped log-odds are recalibrated)
}
#: the accurate mode's adaptation settings, over :data:`SETTINGS` (``mode="accurate"``): chosen by a simulation on
#: development-half sites the models were refitted without (``benchmarks/tune_adapt_accurate.py``,
#: ``benchmarks/adapt_tuning_accurate_development.json``, 12 trials): the fast part's sentences weigh 3, and the
#: embedding regressions stay as shipped (``adapt_embedding`` False): with them adapted, at every setting tried,
#: frame κ fell below the unadapted blend's and tone κ did not beat the same fast part with them as shipped
ACCURATE_MODE_SETTINGS = {"weight": 3.0, "adapt_embedding": False}
#: the file names :func:`labeller_for` looks for in a corpus folder
LABELLER_FILE = "labeller.npz"
CODING_FILES = ("coding.xlsx", "coding.csv")
#: the format tag of a saved labeller
FORMAT = "coopetition-labeller"
FORMAT_VERSION = 1
_AXES = {"frame": FRAMES, "tone": TONES}


def _coded_table(coded, name: str = "coded") -> pd.DataFrame:
    """``coded`` as ``text, frame, tone, doc_id`` with labels checked (spellings as :func:`read_coding` reads them)."""
    from coopetition.model.coding import _fold, _spellings

    if not isinstance(coded, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame with text, frame and tone columns, not {type(coded).__name__}")
    table = coded.rename(columns={c: str(c).strip().lower() for c in coded.columns})
    text = "text" if "text" in table.columns else "sentence" if "sentence" in table.columns else None
    missing = [
        c
        for c, ok in (
            ("text", text is not None),
            ("frame", "frame" in table.columns),
            ("tone", "tone" in table.columns),
        )
        if not ok
    ]
    if missing:
        raise LabellerError(
            f"{name}: missing column(s) {', '.join(missing)} (it has {', '.join(map(str, coded.columns))})"
        )
    out = pd.DataFrame(
        {
            "text": table[text].to_numpy(),
            "doc_id": table["doc_id"].astype(str).to_numpy() if "doc_id" in table.columns else "",
        }
    )
    bad_text = [i for i, t in enumerate(out["text"]) if not isinstance(t, str) or not t.strip()]
    if bad_text:
        raise LabellerError(f"{name}: row(s) {', '.join(map(str, bad_text[:5]))} have no sentence text")
    for axis, labels in _AXES.items():
        spelled = table[axis].map(_fold).map(_spellings()[axis])
        bad = np.flatnonzero(spelled.isna().to_numpy())
        if len(bad):
            shown = ", ".join(f"{i} ({table[axis].iloc[i]!r})" for i in bad[:5])
            raise LabellerError(f"{name}: row(s) {shown}: {axis} is not one of {', '.join(labels)}")
        out[axis] = spelled.to_numpy()
    if out.empty:
        raise LabellerError(f"{name}: no coded sentence")
    return out


def _retrain(
    texts: list[str], frames: list[str], tones: list[str], repeat: int, shared: Path | None
) -> dict[str, np.ndarray]:
    from coopetition.model.train import fit_model, training_table
    from coopetition.reading.corpus import CorpusError

    try:
        table = training_table(shared)
    except CorpusError as exc:
        raise LabellerError(
            f"base='training' refits on the project's training data, which is not here ({exc}); use base='shipped'"
        ) from None
    user = pd.DataFrame({"text": texts, "frame": frames, "tone": tones, "set": "yours"})
    both = pd.concat([table[["text", "frame", "tone", "set"]]] + [user] * repeat, ignore_index=True)
    return fit_model(both["text"], both["frame"], both["tone"], constructed=both["set"] == "constructed")


def fit_labeller(
    coded: pd.DataFrame,
    *,
    weight: float | None = None,
    base: str = "shipped",
    settings: dict | None = None,
    shared: str | os.PathLike | None = None,
    mode: str = "fast",
) -> Labeller:
    """Adapt the shipped frame and tone model to your hand-coded sentences.

    Args:
        coded: one row per coded sentence: ``text`` (or ``sentence``),
            ``frame``, ``tone`` and optionally ``doc_id`` (which
            :meth:`Labeller.validate` groups folds by). Labels as the codebook
            names them (:data:`coopetition.measures.cues.FRAMES`, :data:`~coopetition.measures.cues.TONES`).
        weight: how much one of your sentences counts (default
            ``SETTINGS["weight"]``): against one written example of the package
            (``base="shipped"``), or how many times it is repeated in the
            training table (``base="training"``, rounded).
        base: ``shipped`` (default; adapts the shipped model's arrays, needs
            nothing outside the package) or ``training`` (refits on the
            project's training data plus yours; needs ``../shared/``).
        settings: overrides of :data:`SETTINGS` (``C``, ``logit_scale``) and, in the accurate mode, of
            :data:`ACCURATE_MODE_SETTINGS` (``adapt_embedding``: adapt the embedding regressions too).
        shared: the shared folder for ``base="training"`` (default ``../shared``).
        mode: ``fast`` (default) or ``accurate``: the labeller labels with the blend of the adapted fast model
            and the embedding regressions (:mod:`coopetition.measures.labels_accurate`; needs the extra
            ``[accurate]``), which are kept as shipped unless ``settings`` asks ``adapt_embedding``.

    Returns:
        A :class:`Labeller`.

    Raises:
        LabellerError: a column is missing, a label is outside the codebook, a
            sentence is empty, or (``training``) the training data is absent.
    """
    from coopetition.measures.labels_accurate import check_mode

    if base not in BASES:
        raise ValueError(f"base must be one of {', '.join(BASES)}, not {base!r}")
    check_mode(mode, "fit_labeller(mode=…)")
    s = {**SETTINGS, **(ACCURATE_MODE_SETTINGS if mode == "accurate" else {}), **(settings or {})}
    if weight is not None:
        s["weight"] = weight
    if not isinstance(s["weight"], (int, float)) or isinstance(s["weight"], bool) or not s["weight"] > 0:
        raise ValueError(f"weight must be a positive number, not {s['weight']!r}")
    table = _coded_table(coded)
    if base == "shipped":
        arrays = adapt_shipped(table, s)
    else:
        arrays = _retrain(
            table["text"].tolist(),
            table["frame"].tolist(),
            table["tone"].tolist(),
            max(int(round(s["weight"])), 1),
            Path(shared) if shared is not None else None,
        )
    accurate = None
    if mode == "accurate" and s.get("adapt_embedding"):
        from coopetition.measures.labels import simplify_all
        from coopetition.measures.labels_accurate import embed
        from coopetition.model.accurate import adapt_embedding_model

        # your sentences are embedded afresh, never cached
        emb = embed(simplify_all(table["text"], "coded text"), cache=False)
        accurate = adapt_embedding_model(emb, table["frame"], table["tone"], s)
    elif mode == "accurate":
        from coopetition.measures.labels_accurate import _labelling_embedder, accurate_model

        _labelling_embedder()  # labelling will need it: without the extra, say so now, by name
        accurate = dict(accurate_model())
    return Labeller(arrays, table, {"base": base, "mode": mode, **s}, accurate)


@dataclass(eq=False)
class Labeller:
    """A frame and tone model adapted to a coding: label, validate, save.

    ``arrays`` are the model's arrays in the shipped model's form
    (:func:`coopetition.measures.labels.model_from_arrays`), ``coded`` the sentences it
    was adapted to (``text, doc_id, frame, tone``), ``settings`` how; ``accurate`` the accurate mode's
    adapted embedding regressions (the keys of ``data/labels_accurate.npz``), or None for the fast mode.
    """

    arrays: dict[str, np.ndarray]
    coded: pd.DataFrame
    settings: dict
    accurate: dict[str, np.ndarray] | None = None
    _model: object = field(default=None, init=False, repr=False, compare=False)

    def __repr__(self) -> str:
        return f"Labeller(base={self.settings.get('base')!r}, mode={self.mode!r}, coded={len(self.coded)} sentences)"

    @property
    def mode(self) -> str:
        """``accurate`` when it labels with the adapted embedding blend, else ``fast``."""
        return "fast" if self.accurate is None else "accurate"

    @property
    def model(self):
        """The model (:class:`coopetition.measures.labels._Model`) the arrays describe, built once."""
        if self._model is None:
            from coopetition.measures.labels import model_from_arrays

            try:
                self._model = model_from_arrays(self.arrays)
            except RuntimeError as exc:
                raise LabellerError(
                    f"this labeller was fitted with another version of the cue features ({exc}); fit it again from your coding"
                ) from None
        return self._model

    def label(self, texts: Iterable[str]) -> pd.DataFrame:
        """Frame and tone of each sentence under the adapted model.

        Args:
            texts: sentences (a list, or a Series whose index the result keeps).

        Returns:
            ``frame, tone, tone_score, frame_prob``, one row per sentence in
            input order (``tone_score`` = P(positive) − P(negative);
            ``frame_prob`` the probability of the frame given).

        Raises:
            TypeError: an item is not a ``str`` (named by its index).
        """
        from coopetition.measures.labels import _predict

        index = texts.index if isinstance(texts, pd.Series) else None
        m = self.model
        batch = _predict(list(texts), "texts", m)
        columns = ["frame", "tone", "tone_score", "frame_prob"]
        if not batch.simplified:
            return pd.DataFrame(columns=columns, index=index)
        frame_p, tone_p = batch.frame_proba, batch.tone_proba
        if self.accurate is not None:
            from coopetition.measures.labels_accurate import accurate_blend

            p = accurate_blend(
                batch.simplified,
                {"frame": frame_p, "tone": tone_p},
                {"frame": m.frame_classes, "tone": m.tone_classes},
                arrays=self.accurate,
            )
            frame_p, tone_p = p["frame"], p["tone"]
        kf, kt = frame_p.argmax(axis=1), tone_p.argmax(axis=1)
        score = tone_p[:, m.tone_classes.index("positive")] - tone_p[:, m.tone_classes.index("negative")]
        return pd.DataFrame(
            {
                "frame": [m.frame_classes[k] for k in kf],
                "tone": [m.tone_classes[k] for k in kt],
                "tone_score": np.round(score, 4),
                "frame_prob": np.round(frame_p[np.arange(len(kf)), kf], 4),
            },
            index=index,
        )

    def relabel(self, sentences: pd.DataFrame) -> pd.DataFrame:
        """A sentence table (:func:`coopetition.measures.sentences.sentence_table`) with ``frame``,
        ``tone``, ``tone_score`` and ``frame_prob`` from this labeller (cues unchanged)."""
        if "sentence" not in sentences.columns:
            raise LabellerError("sentences: a sentence table needs a 'sentence' column")
        labels = self.label(sentences["sentence"].reset_index(drop=True))
        out = sentences.copy()
        for column in labels.columns:
            out[column] = labels[column].to_numpy()
        return out

    def validate(self, n_splits: int = 5) -> pd.DataFrame:
        """Cross-validated agreement on the coded sentences, beside the shipped model's.

        Each fold is adapted (same base and settings) on the other folds and
        labels its own sentences; folds keep an article's sentences together
        when ``doc_id`` is given (GroupKFold), else they are a seeded shuffle.
        The shipped model labels the same sentences as it is, in the labeller's mode.

        Returns:
            ``axis, n, folds, grouped, kappa_shipped, kappa_adapted`` (Cohen's
            κ against your coding), one row per axis.

        Raises:
            LabellerError: fewer than two folds can be made.
        """
        from sklearn.metrics import cohen_kappa_score
        from sklearn.model_selection import GroupKFold, KFold

        from coopetition.measures.labels import accurate_labels, predict

        coded = self.coded.reset_index(drop=True)
        groups = coded["doc_id"].astype(str).to_numpy()
        grouped = bool((groups != "").all() and len(set(groups)) >= 2)
        k = min(int(n_splits), len(set(groups)) if grouped else len(coded))
        if k < 2:
            raise LabellerError(
                f"validate: {len(coded)} coded sentences ({len(set(groups))} articles) cannot make two folds"
            )
        splitter = GroupKFold(n_splits=k) if grouped else KFold(n_splits=k, shuffle=True, random_state=0)
        predicted = {axis: np.empty(len(coded), dtype=object) for axis in _AXES}
        settings = {key: v for key, v in self.settings.items() if key not in ("base", "mode")}
        for train, test in splitter.split(coded, groups=groups if grouped else None):
            fold = fit_labeller(
                coded.iloc[train], base=self.settings.get("base", "shipped"), settings=settings, mode=self.mode
            )
            labels = fold.label(coded["text"].iloc[test].tolist())
            for axis in _AXES:
                predicted[axis][test] = labels[axis].to_numpy()
        texts = coded["text"].tolist()
        shipped = dict(zip(("frame", "tone"), predict(texts) if self.mode == "fast" else accurate_labels(texts)[:2]))
        rows = []
        for axis, labels in _AXES.items():
            gold = coded[axis].tolist()
            rows.append(
                {
                    "axis": axis,
                    "n": len(coded),
                    "folds": k,
                    "grouped": "doc_id" if grouped else "none",
                    "kappa_shipped": round(float(cohen_kappa_score(gold, shipped[axis], labels=list(labels))), 4),
                    "kappa_adapted": round(
                        float(cohen_kappa_score(gold, list(predicted[axis]), labels=list(labels))), 4
                    ),
                }
            )
        return pd.DataFrame(rows)

    def metadata(self) -> dict:
        """What :meth:`save` writes beside the arrays: format, settings, counts, the shipped model it started from."""
        from coopetition._version import __version__

        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "package_version": __version__,
            "shipped_model": shipped_hash(),
            "settings": {k: v for k, v in self.settings.items()},
            "coded": len(self.coded),
            "frames": {label: int((self.coded["frame"] == label).sum()) for label in FRAMES},
            "tones": {label: int((self.coded["tone"] == label).sum()) for label in TONES},
        }

    def save(self, path: str | os.PathLike) -> Path:
        """Write the labeller as one ``.npz`` of plain arrays (no pickle): the model arrays (in the
        accurate mode also the embedding regressions, as ``accurate_<key>``), the coded sentences (``coded_text``, ``coded_doc_id``, ``coded_frame``, ``coded_tone``)
        and ``metadata`` (a JSON string). A missing ``.npz`` suffix is added.

        Returns:
            The path written.
        """
        path = Path(path).expanduser()
        if path.suffix.lower() != ".npz":
            path = path.with_name(path.name + ".npz")
        path.parent.mkdir(parents=True, exist_ok=True)
        coded = {
            f"coded_{c}": np.array(self.coded[c].astype(str).tolist(), dtype=str)
            for c in ("text", "doc_id", "frame", "tone")
        }
        # as dict[str, Any]: mypy matches a ** argument against every keyword, the bool allow_pickle too
        np.savez_compressed(
            path,
            **cast("dict[str, Any]", self.arrays),
            **cast("dict[str, Any]", coded),
            **cast("dict[str, Any]", {f"accurate_{k}": v for k, v in (self.accurate or {}).items()}),
            metadata=np.array(json.dumps(self.metadata(), ensure_ascii=False, sort_keys=True)),
        )
        return path

    def describe(self) -> str:
        """One sentence on what this labeller is: how many sentences it was adapted to, and how."""
        how = (
            "adapted from the shipped model"
            if self.settings.get("base") == "shipped"
            else "refitted on the training data plus them"
        )
        mode = (
            ""
            if self.mode == "fast"
            else "; accurate mode: the embedding regressions adapted too"
            if self.settings.get("adapt_embedding")
            else "; accurate mode: blended with the shipped embedding regressions"
        )
        return f"{len(self.coded)} hand-coded sentences ({how}, each weighing {self.settings.get('weight')}{mode})"


def load_labeller(path: str | os.PathLike) -> Labeller:
    """Read a labeller written by :meth:`Labeller.save`.

    Raises:
        LabellerError: the file is missing, not an ``.npz``, holds a pickle, or is not a labeller.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise LabellerError(f"{path}: no such labeller file")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    except ValueError as exc:  # object arrays need pickle, which is refused
        raise LabellerError(f"{path}: not a plain-array labeller ({exc})") from None
    except (OSError, EOFError) as exc:
        raise LabellerError(f"{path}: not an .npz file ({exc})") from None
    try:
        meta = json.loads(str(arrays.pop("metadata")))
    except (KeyError, json.JSONDecodeError):
        raise LabellerError(f"{path}: not a coopetition labeller (no readable metadata)") from None
    if meta.get("format") != FORMAT or meta.get("version") != FORMAT_VERSION:
        raise LabellerError(
            f"{path}: not a coopetition labeller of version {FORMAT_VERSION} (format {meta.get('format')!r}, version {meta.get('version')!r})"
        )
    missing = [
        k
        for k in ("coded_text", "coded_doc_id", "coded_frame", "coded_tone", "frame_coef", "tone_coef", "vocabulary")
        if k not in arrays
    ]
    if missing:
        raise LabellerError(f"{path}: incomplete labeller (missing {', '.join(missing)})")
    coded = pd.DataFrame({c: [str(v) for v in arrays.pop(f"coded_{c}")] for c in ("text", "doc_id", "frame", "tone")})
    accurate = {k.removeprefix("accurate_"): arrays.pop(k) for k in sorted(arrays) if k.startswith("accurate_")}
    settings = dict(meta.get("settings", {}))
    if settings.get("mode") == "accurate":
        # saved before ACCURATE_MODE_SETTINGS (stop 30): those labellers adapted the embedding
        # regressions too, so describe() and validate() read them as the procedure that made them
        settings.setdefault("adapt_embedding", True)
    if (settings.get("mode", "fast") == "accurate") != bool(accurate):
        raise LabellerError(
            f"{path}: incomplete labeller (its mode is {settings.get('mode', 'fast')!r}, its arrays are not)"
        )
    labeller = Labeller(arrays, coded, settings, accurate or None)
    labeller.model  # noqa: B018 - fail now, naming the file, if the arrays do not make a model
    return labeller


def labeller_for(folder: str | os.PathLike, *, check_only: bool = False) -> tuple[Labeller | None, str]:
    """The labeller a corpus folder asks for, and a sentence saying what labels the corpus.

    Looks in ``folder`` for ``labeller.npz`` (a saved :class:`Labeller`), else a
    filled coding sheet ``coding.xlsx`` or ``coding.csv`` (read by
    :func:`coopetition.model.coding.read_coding`, a labeller fitted on it; when both
    hold codes, the one saved last). A sheet with no row coded yet is passed over.

    Args:
        folder: the corpus folder.
        check_only: read and check the labeller file or sheet, but fit nothing
            (the labeller returned is ``None``): what the report does before
            any notebook runs, so a bad sheet stops it early.

    Returns:
        ``(labeller, note)``; ``labeller`` is ``None`` when the shipped model
        labels the corpus.

    Raises:
        LabellerError, CodingError: a labeller file or a coded sheet is there but
            cannot be used (a corpus is not labelled silently by another model
            than the one its folder asks for).
    """
    from coopetition.model.coding import CodingError, read_coding

    folder = Path(folder).expanduser()
    saved = folder / LABELLER_FILE
    if saved.is_file():
        labeller = load_labeller(saved)
        return (
            labeller,
            f"Frame and tone are labelled by the labeller in {LABELLER_FILE}, fitted on {labeller.describe()}, not by the shipped model.",
        )
    sheets = []
    for name in CODING_FILES:
        sheet = folder / name
        if sheet.is_file():
            try:
                sheets.append((sheet.stat().st_mtime, name, read_coding(sheet)))
            except CodingError as exc:
                if "no row is coded yet" not in str(exc):
                    raise
    if sheets:
        _, name, coded = max(sheets, key=lambda s: (s[0], s[1]))
        if check_only:
            return (
                None,
                f"Frame and tone are labelled by a labeller fitted on the coding sheet {name} ({len(coded)} hand-coded sentences), not by the shipped model.",
            )
        labeller = fit_labeller(coded)
        return (
            labeller,
            f"Frame and tone are labelled by a labeller fitted on the coding sheet {name}: {labeller.describe()}, not by the shipped model.",
        )
    return (
        None,
        "Frame and tone are labelled by the shipped model (no labeller.npz or filled coding sheet in the corpus folder).",
    )
