"""The synthetic county (清风 demo and benchmark data) and the evaluation of a scan against its truth.

`generate(out_dir, SynthConfig(...))` writes a dataset to the data contract with
planted problems for every built-in model, near misses that must not be
flagged, weak identities, malformed rows and a ground truth in `_truth/`.
`evaluate_clues` and `evaluate_links` score a scan against that truth.
"""

from qingfeng.synth.evaluate import ClueEvaluation, LinkEvaluation, evaluate_clues, evaluate_links
from qingfeng.synth.generate import SynthConfig, generate

__all__ = ["ClueEvaluation", "LinkEvaluation", "SynthConfig", "evaluate_clues", "evaluate_links", "generate"]
