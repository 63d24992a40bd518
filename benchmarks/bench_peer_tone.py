"""Tone on the outside labelled sets of ``../shared/peer/``: the shipped model, optionally beside another.

These sets follow other definitions than our codebook (whole-title labels for
BDCI, investor mood for FinFE, hotel reviews for ChnSentiCorp; see
``../shared/peer/README.md``), so their κ is an outside check of direction, not
a validation. FinNSP holds only negative news and CFBenchmark whole documents,
so they are left out. Texts are cut at 400 characters, as in the peer scores.

Run: ``python benchmarks/bench_peer_tone.py [--compare OLD.npz] [--shared PATH]``, e.g. against
the model before the word vectors:
``git show 6326ac3:src/coopetition/data/labels_model.npz > /tmp/old.npz``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from coopetition.measures.labels import model, model_from_file, predict
from coopetition.model.train import peer_table, shared_dir

SETS = ("bdci2019_news_titles", "fincuge_finfe", "openfindata_emotion", "chnsenticorp_htl")
CAP = 400


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--compare",
        type=Path,
        default=None,
        help="another model file (labels_model.npz) to score beside the shipped one",
    )
    parser.add_argument(
        "--shared", type=Path, default=None, help="the shared folder (default: ../shared beside the project)"
    )
    args = parser.parse_args()
    peer = (args.shared or shared_dir()) / "peer"
    if not peer.is_dir():
        raise SystemExit(f"{peer}: no such folder (the outside labelled sets are in ../shared/peer)")
    models = {"shipped": model()}
    if args.compare:
        models = {f"compared ({args.compare.name})": model_from_file(args.compare), **models}
    print("| set | n | " + " | ".join(f"tone κ, {name}" for name in models) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in models) + " |")
    for name in SETS:
        table = peer_table(peer / f"{name}.tsv").dropna(subset=["text", "gold"])
        table = table[table["gold"].isin(["positive", "neutral", "negative"])]
        texts = [t[:CAP] for t in table["text"]]
        kappas = [cohen_kappa_score(table["gold"], predict(texts, m)[1]) for m in models.values()]
        print(f"| {name} | {len(table)} | " + " | ".join(f"{k:.3f}" for k in kappas) + " |")


if __name__ == "__main__":
    main()
