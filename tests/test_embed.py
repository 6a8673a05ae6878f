"""The sentence vectors (``grounding.embed_sentences``) of a padded batch: only real tokens go through the
per-token layers, so a short sentence batched with long ones must get the vector it gets alone."""

from __future__ import annotations

import numpy as np

from briefer.grounding import embed_sentences, embedder_available

SHORT = "Ten people were killed when an earthquake hit Qeshm island."
LONG = [
    "The magnitude 6.1 earthquake struck the island in the Strait of Hormuz on Sunday afternoon, destroying "
    "several villages and injuring dozens of residents, officials of the provincial government said.",
    "Police said the fire, which broke out early on Friday at the church near the highway, is being "
    "investigated as a possible arson case by state troopers and the fire marshal's office.",
    "Quake.",
]


def test_a_sentence_batched_with_longer_ones_gets_its_own_vector():
    assert embedder_available()
    # leading spaces: the same tokens under another cache key, so each call computes its vectors afresh
    alone = [embed_sentences([" " * k + t])[0] for k, t in enumerate([SHORT, *LONG], 1)]
    together = embed_sentences([" " * 9 + t for t in [LONG[0], SHORT, LONG[1], LONG[2]]])
    for got, want in zip(together, [alone[1], alone[0], alone[2], alone[3]]):
        assert abs(float(np.linalg.norm(got)) - 1) < 1e-5
        # padding moves a vector by rounding only (the attention sums over a wider row of exact zeros)
        assert float(np.abs(got - want).max()) < 1e-6
    assert float(together[1] @ alone[0]) > 0.9999 > float(together[1] @ together[0])


def test_many_sentences_of_every_length_in_several_batches():
    words = ("the council said on Monday that the new bridge over the river would open to traffic next spring "
             "after two years of delays caused by floods and a dispute over its cost").split()
    texts = [" ".join(words[: 2 + k % len(words)]) for k in range(70)]  # 70: three batches of 32 or fewer
    many = embed_sentences(texts)
    assert many.shape == (70, 384)
    for k in (0, 33, 69):
        assert float(np.abs(many[k] - embed_sentences(["  " + texts[k]])[0]).max()) < 1e-6
