"""QR codes for TOTP enrolment, drawn on the server as SVG: no JavaScript, no image request
that could leak the secret to a third party, and nothing the CSP has to allow."""

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")
