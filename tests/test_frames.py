"""``coopetition.model.frames`` is a thin re-export: the names the notebooks import keep working."""

import coopetition.model.frames as frames
from coopetition.measures import labels, network, sentences
from coopetition.model import validation


def test_frames_re_exports_the_split_modules():
    assert frames.frame_label is labels.frame_label and frames.explain is labels.explain
    assert frames.sentence_table is sentences.sentence_table and frames.frame_shares is sentences.frame_shares
    assert frames.actor_network is network.actor_network
    assert frames.validate is validation.validate and frames.cv_table is validation.cv_table
    assert all(hasattr(frames, name) for name in frames.__all__)
