"""The drop folder issue 13 measures against: about 200 messy submissions plus the GLOTIP export.

Messy means written like real ministry documents, by hands that did not write the parser: the
realistic corpus (police bulletins, court registers, questionnaires, pivots; tests/corpus_realistic,
generated) and the held-out corpus (tests/corpus_heldout/raw, written blind), topped up with the
synthetic corpus of bench/corpus.py to the number asked, and UNODC's GLOTIP export (data/raw/UNODC).

    python -m bench.messy OUT_DIR [--files 200]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = ROOT / "tests" / "corpus_heldout" / "raw"
GLOTIP = ROOT / "data" / "raw" / "UNODC"


def _count(raw: Path) -> int:
    return sum(1 for p in raw.rglob("*") if p.is_file())


def generate_messy(raw: Path, files: int = 200, seed: int = 2024) -> dict[str, int]:
    """Write the corpus under `raw` (emptied first); returns how many files came from each source."""
    from bench.corpus import folders, make_file
    from tests.corpus_realistic.generate import generate_corpus

    raw = Path(raw)
    shutil.rmtree(raw, ignore_errors=True)
    raw.mkdir(parents=True)
    shutil.copytree(GLOTIP, raw / "UNODC")
    generate_corpus(raw)
    realistic = _count(raw) - 1
    if HELD_OUT.exists():
        for path in sorted(p for p in HELD_OUT.rglob("*") if p.is_file()):
            target = raw / path.relative_to(HELD_OUT)
            if target.exists():  # same name in the same country folder: keep both
                target = target.with_name(f"heldout_{target.name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    held_out = _count(raw) - 1 - realistic
    rng = random.Random(seed)
    members = folders(25)
    synthetic = 0
    while _count(raw) - 1 < files:
        name, iso3, lang = members[synthetic % len(members)]
        (raw / name).mkdir(parents=True, exist_ok=True)
        make_file(raw / name, iso3, lang, synthetic, rng, suffix="_messy")
        synthetic += 1
    return {"glotip": 1, "realistic": realistic, "held_out": held_out, "synthetic": synthetic}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=200, help="submissions besides the GLOTIP export")
    args = parser.parse_args()
    print(generate_messy(Path(args.out), args.files))


if __name__ == "__main__":
    main()
