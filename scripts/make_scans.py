"""Make SYNTHETIC scanned letters from reply letters (.docx), as an office's scanner would.

    python scripts/make_scans.py LETTER.docx [...] --out DIR [--quality clean|noisy] [--format pdf|png|jpg|tif]

Each letter is rendered by LibreOffice to PDF (its own profile), rasterised at 300 dpi
(pypdfium2), then, for ``noisy``: turned by a small angle, given a red round stamp over the
signature, a blue signature stroke, speckle and grain, and saved as an image-only PDF or an
image. The page's source text is the letter itself; a label "BẢN QUÉT TỔNG HỢP" in the
bottom margin says the scan is synthetic. Deterministic for a given seed.

Used by tests/test_ocr.py and benchmarks/bench_ocr.py (``scan_pages``) and to add the
sample scans to the bundled inbox.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DPI = 300
LABEL = "BẢN QUÉT TỔNG HỢP - dữ liệu mẫu, không phải văn bản thật"


def render_pdf(docx_path: Path, out_dir: Path) -> Path:
    """The letter as LibreOffice prints it (PDF)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui")
    profile = Path(tempfile.gettempdir()) / f"ck-scan-lo-{uuid.uuid4().hex}"
    try:
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir),
                        str(docx_path)], check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return out_dir / (Path(docx_path).stem + ".pdf")


def rasterise(pdf_path: Path, dpi: int = DPI):
    """PIL images of the PDF's pages."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(pdf))]
    finally:
        pdf.close()


def _font(size: int):
    from PIL import ImageFont

    for name in ("/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
                 "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
                 "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                 "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"):
        if Path(name).exists():
            return ImageFont.truetype(name, size)
    return ImageFont.load_default()


def label(image):
    """The synthetic label in the bottom margin."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    draw.text((int(image.width * 0.08), int(image.height * 0.975)), LABEL, fill=(120, 120, 120),
              font=_font(max(14, image.width // 110)))
    return image


def degrade(image, *, seed: int = 0, skew: float | None = None, stamp: bool = True):
    """A noisy, skewed, stamped copy of a clean page image."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    page = image.copy()
    draw = ImageDraw.Draw(page)
    w, h = page.size
    if stamp:
        # the signature block is at the bottom right of the last text; stamp where it sits
        ink = np.asarray(page.convert("L"))[: int(h * 0.93), w // 2:] < 128   # above the label
        rows = np.where(ink.any(axis=1))[0]
        bottom = int(rows[-1]) if len(rows) else int(h * 0.7)
        cx, cy, r = int(w * 0.60), max(int(h * 0.2), bottom - int(h * 0.045)), int(w * 0.085)
        red = (205, 35, 40)
        for k in range(3):
            draw.ellipse((cx - r + k * 6, cy - r + k * 6, cx + r - k * 6, cy + r - k * 6),
                         outline=red, width=5)
        draw.ellipse((cx - int(r * 0.62), cy - int(r * 0.62), cx + int(r * 0.62), cy + int(r * 0.62)),
                     outline=red, width=4)
        font = _font(int(r * 0.22))
        draw.text((cx - int(r * 0.55), cy - int(r * 0.15)), "SỞ Y TẾ", fill=red, font=font)
        blue = (30, 50, 170)
        points = [(cx - r + i * r // 6, cy + int(math.sin(i * 1.3) * r * 0.25)) for i in range(13)]
        draw.line(points, fill=blue, width=6)
    grey = np.asarray(page).astype(np.int16)
    nprng = np.random.default_rng(seed)
    grey = grey + nprng.normal(0, 14, grey.shape[:2])[..., None].astype(np.int16)
    specks = nprng.random(grey.shape[:2]) < 0.0015
    grey[specks] = 20
    page = Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    angle = skew if skew is not None else rng.uniform(-2.5, 2.5)
    page = page.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=(250, 250, 248))
    return page


def scan_pages(docx_path: Path, *, quality: str = "noisy", seed: int = 0, skew: float | None = None,
               dpi: int = DPI):
    """Page images of a letter scanned at the given quality."""
    with tempfile.TemporaryDirectory(prefix="ck-scan-") as tmp:
        pages = rasterise(render_pdf(Path(docx_path), Path(tmp)), dpi=dpi)
    pages = [label(p) for p in pages]
    if quality == "clean":
        return pages
    return [degrade(p, seed=seed + i, skew=skew) for i, p in enumerate(pages)]


#: what the files' metadata say (PDF subject, JPEG comment, PNG text)
META = "synthetic scan made by consultkit scripts/make_scans.py"


def save(pages, out: Path) -> Path:
    """Save page images as an image-only PDF, or a .png/.jpg (first page) or multi-page .tif,
    each saying in its metadata that it is synthetic."""
    from PIL.PngImagePlugin import PngInfo

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        pages[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=pages[1:],
                      title=LABEL, subject=META)
    elif suffix in (".tif", ".tiff"):
        pages[0].save(out, compression="tiff_deflate", save_all=True, append_images=pages[1:],
                      dpi=(DPI, DPI), description=META)
    elif suffix in (".jpg", ".jpeg"):
        pages[0].save(out, quality=80, dpi=(DPI, DPI), comment=META)
    else:
        info = PngInfo()
        info.add_text("Description", META)
        pages[0].save(out, dpi=(DPI, DPI), pnginfo=info)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("letters", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--quality", choices=("clean", "noisy"), default="noisy")
    parser.add_argument("--format", choices=("pdf", "png", "jpg", "tif"), default="pdf")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for i, letter in enumerate(args.letters):
        target = args.out / f"ban-quet-{letter.stem}.{args.format}"
        save(scan_pages(letter, quality=args.quality, seed=args.seed + i), target)
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
