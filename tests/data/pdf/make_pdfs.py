"""Make the PDF test files in this folder (a dev tool; reportlab is not a runtime dependency).

    .venv/bin/pip install reportlab==5.0.1
    .venv/bin/python tests/data/pdf/make_pdfs.py

Renditions of real documents (their text is read from ../../../../shared at generation time and
written here as PDFs; each gets a `NAME.truth.json` holding what an ingestor should get back):

- letter_2023-10-02.pdf: the seed letter of October 2, 2023 as a 2-page letter, a letterhead repeated
  on each page, "Page N of 2" footers, the page break inside item 3, a PDF creation date days later.
- statedept_2024_azerbaijan.pdf: the opening sections of the State Department's 2024 Azerbaijan report,
  4 pages, page 2 set in two columns, bold section headings, words hyphenated at line ends.
- press_schiff_2012-12-04.pdf: a House member's press release printed from a browser (print-time
  header, URL footer, "1/2" page numbers) with the quoted letter and its bullet list.

Made-up fixtures: scan.pdf (an image-only page), mixed.pdf (a text page then a scanned page), and
the bad files: encrypted.pdf (user password), owner_only.pdf (permissions password only: readable),
truncated.pdf, page_bomb.pdf (/Count 10,000,000), stream_bomb.pdf (a content stream inflating to
8 MB), random.pdf (random bytes), header_garbage.pdf (a %PDF header and then junk).
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import letter as LETTER_SIZE
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas

HERE = Path(__file__).resolve().parent
SHARED = Path("/work/shared")
PAGE_W, PAGE_H = LETTER_SIZE
MARGIN = 72.0


@dataclass
class Style:
    font: str
    size: float
    leading: float
    space_before: float = 0.0
    space_after: float = 6.0
    first_indent: float = 0.0
    hang: float = 0.0  # indent of lines after the first (list items)
    hyphenate: bool = True


@dataclass
class Para:
    text: str
    style: Style
    kind: str = "body"
    break_after_line: str | None = None  # start a new page after the line that holds this word


@dataclass
class Placed:
    x: float
    y: float
    font: str
    size: float
    text: str


@dataclass
class Layout:
    pages: list[list[Placed]] = field(default_factory=list)
    first_page: list[int] = field(default_factory=list)  # page of each paragraph's first line


# -- line breaking ---------------------------------------------------------------------------------


def _fits(text: str, style: Style, width: float) -> bool:
    return stringWidth(text, style.font, style.size) <= width


def next_line(tokens: list[str], style: Style, width: float) -> str:
    """Take one line's worth of tokens off the front of `tokens`; may split the last word."""
    line: list[str] = []
    while tokens:
        tok = tokens[0]
        if _fits(" ".join([*line, tok]), style, width):
            line.append(tokens.pop(0))
            continue
        short = not line or stringWidth(" ".join(line), style.font, style.size) < 0.9 * width
        # A compound breaks after its own hyphen; a long word is hyphenated when the line is short.
        for i in range(len(tok) - 2, 1, -1):
            if tok[i] == "-" and tok[i - 1].isalpha() and _fits(" ".join([*line, tok[: i + 1]]), style, width):
                line.append(tok[: i + 1])
                tokens[0] = tok[i + 1 :]
                return " ".join(line)
        if short and style.hyphenate and re.fullmatch(r"[a-z]{8,}[,.;:]?", tok):
            word = tok.rstrip(",.;:")
            for i in range(len(word) - 3, 3, -1):
                if _fits(" ".join([*line, word[:i] + "-"]), style, width):
                    line.append(word[:i] + "-")
                    tokens[0] = tok[i:]
                    return " ".join(line)
        if not line:
            line.append(tokens.pop(0))
        return " ".join(line)
    return " ".join(line)


# -- flowing paragraphs into pages and columns --------------------------------------------------------


Columns = Callable[[int], list[tuple[float, float]]]


def one_column(_page: int) -> list[tuple[float, float]]:
    return [(MARGIN, PAGE_W - MARGIN)]


def flow(paras: list[Para], columns: Columns, top: float, bottom: float) -> Layout:
    out = Layout(pages=[[]])
    page, col = 1, 0
    y = PAGE_H - top

    def new_frame() -> None:
        nonlocal page, col, y
        col += 1
        if col >= len(columns(page)):
            page, col = page + 1, 0
            out.pages.append([])
        y = PAGE_H - top

    for para in paras:
        st = para.style
        tokens = para.text.split()
        if y < PAGE_H - top:
            y -= st.space_before
        first = True
        while tokens:
            if y - st.leading < bottom:
                new_frame()
            x0, x1 = columns(page)[col]
            indent = st.first_indent if first else st.hang
            line = next_line(tokens, st, x1 - x0 - indent)
            y -= st.leading
            out.pages[-1].append(Placed(x0 + indent, y, st.font, st.size, line))
            if first:
                out.first_page.append(page)
                first = False
            if para.break_after_line and para.break_after_line in line.split():
                new_frame()
        y -= st.space_after
    return out


def render(
    path: Path,
    layout: Layout,
    decorate: Callable[[rl_canvas.Canvas, int, int], None],
    title: str | None,
    created: int,
    encrypt: object | None = None,
) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = str(created)  # the PDF's CreationDate
    c = rl_canvas.Canvas(str(path), pagesize=LETTER_SIZE, invariant=1, encrypt=encrypt)
    if title:
        c.setTitle(title)
    c.setCreator("tests/data/pdf/make_pdfs.py")
    total = len(layout.pages)
    for number, placed in enumerate(layout.pages, 1):
        decorate(c, number, total)
        for p in placed:
            c.setFont(p.font, p.size)
            c.drawString(p.x, p.y, p.text)
        c.showPage()
    c.save()


def write_truth(name: str, paras: list[Para], layout: Layout, **fields: object) -> None:
    truth = dict(fields)
    truth["paragraphs"] = [
        {"text": p.text, "kind": p.kind, "page": page} for p, page in zip(paras, layout.first_page, strict=True)
    ]
    (HERE / f"{name}.truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _epoch(iso: str) -> int:
    import datetime as dt

    return int(dt.datetime.fromisoformat(iso + "T15:00:00+00:00").timestamp())


# -- the letter ----------------------------------------------------------------------------------------

LETTERHEAD = ("EVIDENCE INDEX TEST RENDITION", "Letterhead printed on every page of this test file")


def make_letter() -> None:
    raw = next((SHARED / "seeds").glob("003_*.txt")).read_text(encoding="utf-8")
    raw = raw.split("\nBy Appo")[0]  # blog chrome after the letter is not part of the PDF
    chunks = [" ".join(c.split()) for c in re.split(r"\n\s*\n", raw) if c.strip()]
    chunks = [c for c in chunks if c != "Page 2"]
    at = next(i for i, c in enumerate(chunks) if c.startswith("Corridor,"))
    chunks[at - 1 : at + 1] = [chunks[at - 1] + " " + chunks[at]]  # item 3 runs across the page break
    body = Style("Times-Roman", 12, 14.5, space_after=10)
    tight = Style("Times-Roman", 12, 14.5, space_after=0)
    item = Style("Times-Roman", 12, 14.5, space_after=10, hang=18)
    paras: list[Para] = []
    for i, chunk in enumerate(chunks):
        if chunk.startswith("cc:"):
            lines = [ln.strip() for ln in raw[raw.index("cc:") :].splitlines() if ln.strip()]
            paras.extend(Para(ln, tight, "body") for ln in lines)
            break
        address = 0 < i < 6  # the address block is single-spaced
        nxt_address = i + 1 < 6
        if re.match(r"^\d\.\s", chunk):
            paras.append(Para(chunk, item, "list_item"))
        elif address:
            paras.append(Para(chunk, tight if nxt_address else body, "body"))
        else:
            paras.append(Para(chunk, body, "body"))
    layout = flow(paras, one_column, top=MARGIN, bottom=60)

    def decorate(c: rl_canvas.Canvas, number: int, total: int) -> None:
        c.setFont("Helvetica-Bold", 14)
        c.drawCentredString(PAGE_W / 2, PAGE_H - 50, LETTERHEAD[0])
        c.setFont("Helvetica", 9)
        c.drawCentredString(PAGE_W / 2, PAGE_H - 63, LETTERHEAD[1])
        c.line(MARGIN, PAGE_H - 70, PAGE_W - MARGIN, PAGE_H - 70)
        c.setFont("Times-Roman", 10)
        c.drawCentredString(PAGE_W / 2, 40, f"Page {number} of {total}")

    render(HERE / "letter_2023-10-02.pdf", layout, decorate, None, _epoch("2023-10-05"))
    write_truth(
        "letter_2023-10-02", paras, layout, title=None, date="2023-10-02", doc_type="letter",
        pages=len(layout.pages), boilerplate=[*LETTERHEAD, "Page 1 of 2", "Page 2 of 2"],
    )


# -- the State Department report ----------------------------------------------------------------------


def report_paragraphs(text: str, stop: str) -> list[tuple[str, str]]:
    """(kind, text) paragraphs of the hard-wrapped report text, up to the heading `stop`."""
    heading = re.compile(r"^(Section \d+\. |[a-z]\. [A-Z]|Executive Summary$|Physical Attacks)")
    out: list[tuple[str, str]] = []
    current: list[str] = []
    kind = "body"

    def close() -> None:
        nonlocal current
        if current:
            joined = current[0]
            for ln in current[1:]:
                joined = joined + ln if joined.endswith("-") and ln[:1].isupper() else f"{joined} {ln}"
            out.append((kind, " ".join(joined.split())))
        current = []

    for i, line in enumerate(text.splitlines()):
        line = line.strip()
        if line == stop:
            break
        if i == 0 or heading.match(line):
            close()
            kind = "heading"
            current.append(line)
        elif kind == "heading" and _heading_continues(current):
            current.append(line)
        else:
            if kind == "heading":
                close()
                kind = "body"
            current.append(line)
            if len(line) < 62 and line.endswith((".", "”", ":")):
                close()
    close()
    return out


def _heading_continues(current: list[str]) -> bool:
    # "c. War Crimes, ... Evidence of" / "Acts that May ..." / "Abuses": a heading wrapped over lines
    return current[-1].endswith((" of", "Conflict-Related"))


def make_report() -> None:
    text = (SHARED / "corpus-candidates" / "statedept_2024_azerbaijan.txt").read_text(encoding="utf-8")
    parsed = report_paragraphs(text, stop="b. Worker Rights")
    title_style = Style("Times-Bold", 17, 21, space_after=14, hyphenate=False)
    head_style = Style("Times-Bold", 12.5, 15, space_before=8, space_after=5, hyphenate=False)
    body = Style("Times-Roman", 11, 13.5, space_after=7)
    paras = []
    for i, (kind, ptext) in enumerate(parsed):
        style = title_style if i == 0 else head_style if kind == "heading" else body
        paras.append(Para(ptext, style, kind))
    gutter = 24.0
    half = (PAGE_W - 2 * MARGIN - gutter) / 2

    def columns(page: int) -> list[tuple[float, float]]:
        if page == 2:
            return [(MARGIN, MARGIN + half), (MARGIN + half + gutter, PAGE_W - MARGIN)]
        return one_column(page)

    layout = flow(paras, columns, top=MARGIN, bottom=MARGIN)
    running = "Azerbaijan 2024 Human Rights Report"

    def decorate(c: rl_canvas.Canvas, number: int, total: int) -> None:
        c.setFont("Times-Italic", 9)
        if number > 1:
            c.drawString(MARGIN, PAGE_H - 45, running)
        c.drawRightString(PAGE_W - MARGIN, 42, f"{number}")
        c.setFont("Times-Roman", 8)
        c.drawString(MARGIN, 42, "Country Reports on Human Rights Practices for 2024")
        c.drawString(MARGIN, 32, "United States Department of State • Bureau of Democracy, Human Rights, and Labor")

    render(HERE / "statedept_2024_azerbaijan.pdf", layout, decorate, "Azerbaijan 2024 Human Rights Report",
           _epoch("2025-08-12"))
    write_truth(
        "statedept_2024_azerbaijan", paras, layout, title=running, date=None, doc_type="report",
        pages=len(layout.pages), two_column_page=2,
        boilerplate=["Country Reports on Human Rights Practices for 2024", "Bureau of Democracy"],
    )


# -- the press release (printed from a browser) ------------------------------------------------------


def press_paragraphs(raw: str, title: str) -> list[tuple[str, str]]:
    body = raw.split(title, 1)[1].strip()
    body = body.replace("Sincerely,Adam SchiffMember of Congress", "\nSincerely,\nAdam Schiff\nMember of Congress")
    body = re.sub(r"(?<=[a-z)][.:])(?=[“A-Z•])", "\n", body)
    body = re.sub(r"(?<=[.!?]”)(?=[A-Z])", "\n", body)
    body = re.sub(r"\s*(?=•)", "\n", body)
    body = re.sub(r"(?<=below:)", "\n", body)
    out = []
    for para in body.split("\n"):
        para = " ".join(para.split())
        if para:
            out.append(("list_item" if para.startswith("•") else "body", para))
    return out


def make_press_release() -> None:
    raw = (SHARED / "corpus-candidates" / "congress_schiff_2012-12-04.txt").read_text(encoding="utf-8")
    meta = json.loads((SHARED / "corpus-candidates" / "congress_schiff_2012-12-04.json").read_text())
    title = meta["title"]
    headline = Style("Helvetica-Bold", 16, 19, space_after=10, hyphenate=False)
    dateline = Style("Helvetica", 10.5, 13, space_after=12)
    body = Style("Helvetica", 10.5, 14, space_after=9)
    item = Style("Helvetica", 10.5, 14, space_after=9, hang=10)
    closing = Style("Helvetica", 10.5, 14, space_after=0)
    paras = [Para(title, headline, "heading"), Para("December 4, 2012", dateline, "body")]
    for kind, text in press_paragraphs(raw, title):
        style = item if kind == "list_item" else body
        if text in ("Sincerely,", "Adam Schiff", "Member of Congress"):
            style = closing
        paras.append(Para(text, style, kind))
    layout = flow(paras, one_column, top=MARGIN, bottom=MARGIN)
    boiler = ("2/14/19, 3:05 PM", "Calls on Appropriations Committee | Press Releases", "schiff.house.gov/news/press-releases")

    def decorate(c: rl_canvas.Canvas, number: int, total: int) -> None:
        c.setFont("Helvetica", 8)
        c.drawString(28, PAGE_H - 24, boiler[0])
        c.drawRightString(PAGE_W - 28, PAGE_H - 24, boiler[1])
        c.drawString(28, 20, "https://" + boiler[2])
        c.drawRightString(PAGE_W - 28, 20, f"{number}/{total}")

    render(HERE / "press_schiff_2012-12-04.pdf", layout, decorate, "Press Releases | Congressman Adam Schiff",
           _epoch("2019-02-14"))
    write_truth(
        "press_schiff_2012-12-04", paras, layout, title=title, date="2012-12-04", doc_type="press_release",
        pages=len(layout.pages), boilerplate=list(boiler),
    )


# -- one-page documents for the doc types -------------------------------------------------------------

TESTIMONY = [  # made up for the tests: invented names, the project's own sentences
    ("heading", "Testimony of Dr. Ana Example before the Subcommittee on Europe, Committee on Foreign Affairs"),
    ("body", "Chairman Sample, Ranking Member Placeholder, and members of the subcommittee, thank you for "
             "inviting me to testify today about how evidence is collected and preserved."),
    ("body", "My written statement describes three practices: keeping the original file, recording where each "
             "quotation came from, and checking every citation against its page before it is used."),
    ("body", "I would be glad to answer your questions."),
]


def _one_pager(name: str, paras: list[Para], title: str | None, created: str, **truth_fields: object) -> None:
    layout = flow(paras, one_column, top=MARGIN, bottom=MARGIN)
    render(HERE / f"{name}.pdf", layout, lambda c, n, t: None, title, _epoch(created))
    write_truth(name, paras, layout, title=title, pages=len(layout.pages), boilerplate=[], **truth_fields)


def make_doc_types() -> None:
    head = Style("Helvetica-Bold", 15, 18, space_after=10, hyphenate=False)
    body = Style("Times-Roman", 12, 14.5, space_after=9)
    raw = next((SHARED / "seeds").glob("002_*.txt")).read_text(encoding="utf-8")
    chunks = [" ".join(c.split()) for c in re.split(r"\n\s*\n", raw) if c.strip()]
    chunks = chunks[1:-1]  # the page's breadcrumb and donation appeal are site chrome, not the alert
    alert = [Para(chunks[0], head, "heading")] + [Para(c, body) for c in chunks[1:]]
    _one_pager("action_alert", alert, None, "2020-11-20", date=None, doc_type="action_alert")

    raw = (SHARED / "corpus-candidates" / "congress_sherman_2016-04-04.txt").read_text(encoding="utf-8")
    raw = raw.replace("-30-", "").strip()
    intro, quoted = raw.split(": ", 1)
    statement = [Para("April 4, 2016", body), Para(intro + ":", body), Para(quoted, body)]
    _one_pager("statement", statement, None, "2016-04-04", date="2016-04-04", doc_type="statement")

    testimony = [Para(t, head if k == "heading" else body, k) for k, t in TESTIMONY]
    _one_pager("testimony", testimony, None, "2024-05-01", date=None, doc_type="testimony")


# -- a letter with a grid of signers (made up: invented names, the project's own sentences) -----------

SIGNERS = [("Alex Sample", "Member of Congress"), ("Jordan Example", "Member of Congress"),
           ("Casey Placeholder", "Member of Congress"), ("Robin Fixture", "Member of Congress")]


def make_signers_letter() -> None:
    body = Style("Times-Roman", 12, 14.5, space_after=10)
    tight = Style("Times-Roman", 12, 14.5, space_after=0)
    paras = [
        Para("March 3, 2024", body),
        Para("The Honorable Morgan Testcase", tight),
        Para("Secretary of Examples", tight),
        Para("Washington, DC 20000", body),
        Para("Dear Secretary Testcase:", body),
        Para("We write as members of a made-up committee to test how signature blocks set in two columns "
             "are read. Each of us signs below, and our names and titles sit side by side in a grid, as "
             "they often do at the end of a congressional letter.", body),
        Para("Thank you for your attention to this test.", body),
        Para("Sincerely,", body),
    ]
    layout = flow(paras, one_column, top=MARGIN, bottom=MARGIN)
    y = layout.pages[-1][-1].y - 48
    for row in range(2):
        for col in range(2):
            name, role = SIGNERS[row * 2 + col]
            x = MARGIN + col * 234
            layout.pages[-1].append(Placed(x, y, "Times-Roman", 12, name))
            layout.pages[-1].append(Placed(x, y - 14.5, "Times-Roman", 12, role))
        y -= 64
    layout.pages[-1].append(Placed(MARGIN, y - 10, "Times-Roman", 12, "cc: The Honorable Taylor Sample, Deputy Secretary"))
    def letterhead(c: rl_canvas.Canvas, number: int, total: int) -> None:
        c.setFont("Helvetica-Bold", 16)
        c.drawCentredString(PAGE_W / 2, PAGE_H - 45, LETTERHEAD[0])

    render(HERE / "letter_signers.pdf", layout, letterhead, "Microsoft Word - signers letter.docx",
           _epoch("2024-03-09"))
    truth = {"date": "2024-03-03", "doc_type": "letter", "letterhead": LETTERHEAD[0], "metadata_title": "Microsoft Word - signers letter.docx",
             "signatories": [n for n, _ in SIGNERS], "recipients": ["Morgan Testcase", "Taylor Sample"]}
    (HERE / "letter_signers.truth.json").write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")


# -- the report printed by a browser (Chromium), in two justified columns ------------------------------


def make_browser_report() -> None:
    """The State Department paragraphs as a web page with CSS columns, printed by headless Chromium:
    another PDF producer (embedded subset fonts, justified lines, the browser's date/title header and
    URL/page footer). Skipped when chromium is not installed."""
    import html
    import shutil
    import subprocess
    import tempfile

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium not found: browser_report.pdf not remade")
        return
    truth = json.loads((HERE / "statedept_2024_azerbaijan.truth.json").read_text(encoding="utf-8"))
    paras = truth["paragraphs"]
    title = paras[0]["text"]
    body = "\n".join(
        f"<{'h2' if p['kind'] == 'heading' else 'p'}>{html.escape(p['text'])}</{'h2' if p['kind'] == 'heading' else 'p'}>"
        for p in paras[1:]
    )
    page = (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title><style>"
        "body{font-family:serif;font-size:10.5pt;text-align:justify;hyphens:auto}"
        ".cols{column-count:2;column-gap:2em} h2{font-size:12pt}</style></head>"
        f"<body><h1>{html.escape(title)}</h1><div class=cols>{body}</div></body></html>"
    )
    with tempfile.TemporaryDirectory(prefix="evidence-fixture-") as tmp:
        source = Path(tmp) / "report.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [browser, "--headless", "--disable-gpu", "--no-sandbox", f"--print-to-pdf={HERE / 'browser_report.pdf'}",
             source.as_uri()],
            check=True, capture_output=True, timeout=120,
        )
    out = {"title": title, "date": None, "doc_type": "report", "producer": "chromium print-to-pdf",
           "paragraphs": [{"text": p["text"], "kind": p["kind"], "page": None} for p in paras],
           "boilerplate": ["file:///"]}
    (HERE / "browser_report.truth.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n",
                                                     encoding="utf-8")


# -- scans ------------------------------------------------------------------------------------------------

SCAN_TEXT = [
    "Scanned page for the Evidence Index tests.",
    "This page has no text layer: it is a picture of text.",
    "The ingestor must read it with OCR or say that it needs OCR.",
]


def _scan_image(lines: list[str]) -> ImageReader:
    from PIL import Image, ImageDraw, ImageFont

    dpi = 150
    img = Image.new("L", (int(8.5 * dpi), int(5.5 * dpi)), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 30)
    for i, line in enumerate(lines):
        draw.text((150, 150 + i * 60), line, font=font, fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    buf.seek(0)
    return ImageReader(buf)


def make_scans() -> None:
    os.environ["SOURCE_DATE_EPOCH"] = str(_epoch("2024-01-01"))
    image = _scan_image(SCAN_TEXT)
    c = rl_canvas.Canvas(str(HERE / "scan.pdf"), pagesize=LETTER_SIZE, invariant=1)
    c.drawImage(image, 0, PAGE_H - 5.5 * 72, width=PAGE_W, height=5.5 * 72)
    c.showPage()
    c.save()
    c = rl_canvas.Canvas(str(HERE / "mixed.pdf"), pagesize=LETTER_SIZE, invariant=1)
    c.setFont("Times-Roman", 12)
    typed = ["A typed first page with a real text layer.", "The second page of this file is a scan."]
    for i, line in enumerate(typed):
        c.drawString(MARGIN, PAGE_H - MARGIN - 30 * i, line)
    c.showPage()
    c.drawImage(image, 0, PAGE_H - 5.5 * 72, width=PAGE_W, height=5.5 * 72)
    c.showPage()
    c.save()
    (HERE / "mixed.truth.json").write_text(json.dumps({"typed": typed, "scanned": SCAN_TEXT}, indent=1) + "\n")


# -- bad files ------------------------------------------------------------------------------------------------


def _simple_pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct cross-reference table from numbered object bodies (1-based)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_bad_files() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    short = [Para("A short document that is locked with a password.", Style("Times-Roman", 12, 15))]
    layout = flow(short, one_column, top=MARGIN, bottom=MARGIN)
    render(HERE / "encrypted.pdf", layout, lambda c, n, t: None, None, _epoch("2024-01-01"),
           encrypt=StandardEncryption("open-sesame", ownerPassword="owner-secret", canPrint=0))
    owner = [Para("A document with only a permissions password; anyone can open and read it.",
                  Style("Times-Roman", 12, 15))]
    render(HERE / "owner_only.pdf", flow(owner, one_column, top=MARGIN, bottom=MARGIN), lambda c, n, t: None,
           None, _epoch("2024-01-01"), encrypt=StandardEncryption("", ownerPassword="owner-secret", canCopy=0))
    whole = (HERE / "press_schiff_2012-12-04.pdf").read_bytes()
    (HERE / "truncated.pdf").write_bytes(whole[: len(whole) * 3 // 5])
    content = b"BT /F1 12 Tf 72 700 Td (A page in a tree that claims ten million pages.) Tj ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    (HERE / "page_bomb.pdf").write_bytes(_simple_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 10000000 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        font,
    ]))
    inflating = b"BT /F1 12 Tf 72 700 Td (Inflating page.) Tj ET\n" + b" " * (8 * 1024 * 1024)
    packed = zlib.compress(inflating, 9)
    (HERE / "stream_bomb.pdf").write_bytes(_simple_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
        font,
    ]))
    rng = random.Random(20261123)
    (HERE / "random.pdf").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (HERE / "header_garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4096)))


def main() -> None:
    make_letter()
    make_report()
    make_press_release()
    make_doc_types()
    make_signers_letter()
    make_browser_report()
    make_scans()
    make_bad_files()
    for path in sorted(HERE.glob("*.pdf")):
        print(f"{path.name:34} {path.stat().st_size:>8,} bytes")


if __name__ == "__main__":
    main()
