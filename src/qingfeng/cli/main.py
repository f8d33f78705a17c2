"""Entry point of the `qingfeng` command. Each domain registers its commands here."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="qingfeng",
    help="Qingfeng (清风): grassroots integrity supervision / 基层监督平台",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Imported here, not at module top, so that `qingfeng --help` stays fast and imports stay acyclic.
    from qingfeng.cli import bench, clues, review, scan, synth, web

    scan.register(app)
    review.register(app)
    synth.register(app)
    clues.register(app)
    web.register(app)
    bench.register(app)


_register()

if __name__ == "__main__":
    app()
