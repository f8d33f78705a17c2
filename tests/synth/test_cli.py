"""The synth CLI's own settings."""

from __future__ import annotations


def test_the_clis_malformed_default_is_the_generators() -> None:
    from qingfeng.cli.synth import MALFORMED_DEFAULT
    from qingfeng.synth.generate import DEFAULT_MALFORMED

    assert MALFORMED_DEFAULT == DEFAULT_MALFORMED
