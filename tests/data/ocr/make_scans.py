"""Make the scanned renditions in this folder from a real letter (seed 003, a letter dated October 2, 2023).

    .venv/bin/python tests/data/ocr/make_scans.py [SEED_TXT]

1. letter_text.pdf: the letter typeset as a 2-page text PDF (reportlab, a dev-only tool), the blog
   chrome around the seed text left out;
2. that PDF rasterised with pypdfium2 and degraded (a turn of a few degrees, blur, noise), then:
   letter_scan.pdf (image-only, 2 pages), letter_p1_photo.jpg, letter_p2_upside_down.png,
   letter_pages.tif (2 pages, Group 4), blank_page.png, corrupt_truncated.png.

The functions here are also used by bench/ocr_bench.py to make scans of other corpus documents.
"""

from __future__ import annotations

import io
import random
import re
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageFilter

HERE = Path(__file__).resolve().parent
SEED = Path("/work/shared/seeds/003_321d40f7f970c642.txt")
_CHROME_START = ("By Appo", "Leave a Reply")
_FIXED_DATE = time.strptime("2026-01-01", "%Y-%m-%d")


# --- the text PDF -----------------------------------------------------------------------------------


def letter_parts(seed_text: str) -> tuple[list[str], list[str]]:
    """(page-1 lines/paragraphs, page-2 ones) from the seed: its "Page 2" marks the break."""
    lines = [ln.strip() for ln in seed_text.splitlines()]
    kept: list[str] = []
    for ln in lines:
        if ln.startswith(_CHROME_START):
            break
        kept.append(ln)
    paras: list[str] = []
    for ln in kept:
        if not ln:
            continue
        # A numbered item ending mid-sentence continues on the next line (the seed's page-break artifact).
        if paras and re.match(r"\d\. ", paras[-1]) and not re.search(r"[.,:;]$", paras[-1]):
            paras[-1] = f"{paras[-1]} {ln}"
        else:
            paras.append(re.sub(r"\s{2,}", " ", ln))
    paras = [re.sub(r"\s{2,}", " ", p) for p in paras]
    split = paras.index("Page 2") if "Page 2" in paras else len(paras)
    return paras[:split], paras[split + 1 :]


def typeset_letter(page1: list[str], page2: list[str]) -> bytes:
    """A letter-size text PDF: address lines single-spaced, paragraphs spaced, a page-2 header."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=11.5, leading=13.5, spaceAfter=9)
    tight = ParagraphStyle("tight", parent=body, spaceAfter=0)
    item = ParagraphStyle("item", parent=body, leftIndent=0.35 * inch, firstLineIndent=-0.25 * inch)
    small = ParagraphStyle("small", parent=tight, fontSize=10, leading=12)

    def flow(paras: list[str]) -> list:
        out: list = []
        in_block = bool(paras) and not paras[0].startswith(("1.", "2.", "3."))  # date + address block
        for text in paras:
            esc = text.replace("&", "&amp;").replace("<", "&lt;")
            if text.startswith(("Dear ", "cc:")):
                in_block = text.startswith("cc:")
                style = (small if in_block else body) if text.startswith("cc:") else body
            elif re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", text):
                style = body  # the date line, set off from the address below it
            else:
                style = item if re.match(r"\d\. ", text) else tight if in_block else body
                if style is tight and out and getattr(out[-1], "style", None) is small:
                    style = small
            if out and getattr(out[-1], "style", None) in (tight, small) and style not in (tight, small):
                out.append(Spacer(1, 11))
            out.append(Paragraph(esc, style))
        return out

    def header(canvas, doc) -> None:
        canvas.setFont("Times-Roman", 10)
        canvas.drawString(inch, letter[1] - 0.6 * inch, f"Page {doc.page}")

    rl_config.invariant = 1  # the same bytes on every run (no timestamps or random ids)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=letter,
        leftMargin=inch,
        rightMargin=inch,
        topMargin=0.8 * inch,
        bottomMargin=0.8 * inch,
        title="Letter",
        author="",
    )
    story = [*flow(page1), PageBreak(), Spacer(1, 4), *flow(page2)] if page2 else flow(page1)
    doc.build(story, onLaterPages=header)
    return buf.getvalue()


# --- scanning ---------------------------------------------------------------------------------------


def render_pages(pdf_bytes: bytes, dpi: int, pages: list[int] | None = None) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        numbers = pages or list(range(1, len(pdf) + 1))
        out = []
        for n in numbers:
            page = pdf[n - 1]
            out.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            page.close()
        return out
    finally:
        pdf.close()


def degrade(
    image: Image.Image,
    *,
    shade: float = 0.0,
    angle: float = 0.0,
    blur: float = 0.0,
    noise: int = 0,
    speckle: float = 0.0,
    seed: int = 1,
) -> Image.Image:
    """A scanner's faults: shading, a turn (degrees, counter-clockwise), blur (radius), noise, specks."""
    rng = random.Random(seed)
    out = image
    if shade:  # light falling off towards one side, as on a phone photo (0 = even, 1 = black edge)
        ramp = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize(out.size)
        out = ImageChops.multiply(out, ramp.point(lambda v: 255 - round(v * shade)))
    if angle:
        out = out.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    if noise:
        field = Image.frombytes("L", out.size, rng.randbytes(out.width * out.height))
        field = field.point(lambda v: 128 + (v - 128) * noise // 128)
        out = ImageChops.add(out, field, scale=1.0, offset=-128)
    if speckle:
        cut = round(speckle * 256)
        dots = Image.frombytes("L", out.size, rng.randbytes(out.width * out.height))
        black = dots.point(lambda v: 0 if v < cut else 255)
        white = dots.point(lambda v: 255 if v > 255 - cut else 0)
        out = ImageChops.lighter(ImageChops.darker(out, black), white)
    return out


def bilevel(image: Image.Image, threshold: int = 150) -> Image.Image:
    return image.point(lambda v: 255 if v > threshold else 0).convert("1", dither=Image.Dither.NONE)


def image_pdf(images: list[Image.Image], dpi: int, quality: int = 60) -> bytes:
    """An image-only PDF (no text layer), one image per page."""
    buf = io.BytesIO()
    first, rest = images[0], images[1:]
    extra: dict = {"quality": quality} if first.mode == "L" else {}
    extra["creationDate"] = extra["modDate"] = _FIXED_DATE  # the same bytes on every run
    first.save(buf, "PDF", resolution=dpi, save_all=True, append_images=rest, **extra)
    return buf.getvalue()


def main(seed_path: Path = SEED) -> None:
    page1, page2 = letter_parts(seed_path.read_text(encoding="utf-8"))
    text_pdf = typeset_letter(page1, page2)
    (HERE / "letter_text.pdf").write_bytes(text_pdf)
    dpi = 200
    clean = render_pages(text_pdf, dpi)
    scanned = [
        degrade(im, angle=a, blur=0.5, noise=40, seed=i)
        for i, (im, a) in enumerate(zip(clean, (1.5, -1.0), strict=True))
    ]
    (HERE / "letter_scan.pdf").write_bytes(image_pdf([bilevel(im) for im in scanned], dpi))
    photo = degrade(render_pages(text_pdf, 150, [1])[0], angle=-2.5, blur=0.7, noise=10, seed=7)
    photo.save(HERE / "letter_p1_photo.jpg", "JPEG", quality=40, dpi=(150, 150))
    bilevel(scanned[1].rotate(180)).save(HERE / "letter_p2_upside_down.png", dpi=(dpi, dpi), optimize=True)
    tiff = [bilevel(im) for im in scanned]
    tiff[0].save(
        HERE / "letter_pages.tif", compression="group4", save_all=True, append_images=tiff[1:], dpi=(dpi, dpi)
    )
    blank = degrade(Image.new("L", (1700, 2200), 250), noise=20, speckle=0.0004, seed=3)
    blank.convert("1", dither=Image.Dither.NONE).save(HERE / "blank_page.png", dpi=(dpi, dpi), optimize=True)
    whole = (HERE / "letter_p2_upside_down.png").read_bytes()
    (HERE / "corrupt_truncated.png").write_bytes(whole[: len(whole) // 3])
    for path in sorted(HERE.iterdir()):
        if path.suffix != ".py":
            print(f"{path.name}: {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SEED)
