"""QR codes drawn on the server as inline SVG (segno, pure Python): no script, no CDN.

The SVG carries no style attribute (only `stroke` and a class), so it passes the CSP; the
white quiet zone comes from the `.qr` rule in qingfeng.css.
"""

from __future__ import annotations

import io

import segno
from markupsafe import Markup


def qr_svg(text: str, *, title: str) -> Markup:
    """`text` as a QR code (error correction M), an <svg> element ready to put in a page."""
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out, kind="svg", scale=5, border=4, xmldecl=False, svgns=True, title=title, svgclass="qr", nl=False
    )
    # segno escapes the title; the rest is numbers and path commands.
    return Markup(out.getvalue().decode("utf-8"))
