"""A corpus of documents shaped like the ones Caribbean ministries publish and send (police
bulletins, national reports, court statistics, questionnaires, pivot exports...), each with the
figures a careful statistician would store from it. Written from descriptions of real documents,
not from intake's code. `python -m tests.corpus_realistic.score` measures intake on it."""

from .generate import BUILDERS, generate_corpus

__all__ = ["BUILDERS", "generate_corpus"]
