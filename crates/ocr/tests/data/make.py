"""Writes the OCR test images and scanned PDFs into the current folder. Run through make.sh."""

import io
import struct
import zlib

import img2pdf
import pikepdf
from PIL import Image, ImageDraw, ImageFont

PATHOLOGY = ["Invasive ductal carcinoma, Grade 2", "ER Positive 90%"]
RECEPTORS = ["Estrogen receptor positive", "HER2 negative"]


def page(lines, mode="L"):
    """A white page with the lines written in black, like a clean scan."""
    font = ImageFont.load_default(size=40)
    image = Image.new(mode, (1100, 80 + 70 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((40, 40 + 70 * number), line, fill="black", font=font)
    return image


def png_chunk(kind, data):
    """One PNG chunk with its length and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png():
    """A tiny PNG whose header declares 100000 x 100000 pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", pixels) + png_chunk(b"IEND", b"")


def form_pdf():
    """Page 1 draws an RGB Flate image (no predictor) through a Form XObject; page 2 has no image."""
    image = page(PATHOLOGY, "RGB")
    pdf = pikepdf.new()
    picture = pikepdf.Stream(pdf, zlib.compress(image.tobytes()))
    picture.Type = pikepdf.Name.XObject
    picture.Subtype = pikepdf.Name.Image
    picture.Width, picture.Height = image.size
    picture.ColorSpace = pikepdf.Name.DeviceRGB
    picture.BitsPerComponent = 8
    picture.Filter = pikepdf.Name.FlateDecode
    width, height = image.width * 72 // 200, image.height * 72 // 200
    form = pikepdf.Stream(pdf, f"q {width} 0 0 {height} 0 0 cm /Scan Do Q".encode())
    form.Type = pikepdf.Name.XObject
    form.Subtype = pikepdf.Name.Form
    form.BBox = [0, 0, width, height]
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Scan=picture))
    scanned = pdf.add_blank_page(page_size=(width, height))
    scanned.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Wrapper=form))
    scanned.Contents = pdf.make_stream(b"/Wrapper Do")
    pdf.add_blank_page(page_size=(width, height))
    pdf.save("scan-form-rgb.pdf")


def main():
    page(PATHOLOGY).save("report.png", optimize=True)
    page(PATHOLOGY).convert("1").save("report.tif", compression="group4")
    Image.new("L", (600, 400), "white").save("blank.png", optimize=True)

    # The pixels are stored turned a quarter left; EXIF orientation 6 says "turn right to view".
    turned = page(RECEPTORS).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    turned.save("rotated-exif6.jpg", quality=70, exif=exif.tobytes())

    with open("bomb.png", "wb") as out:
        out.write(bomb_png())

    jpeg = io.BytesIO()
    page(PATHOLOGY).save(jpeg, "JPEG", quality=70)
    gray = io.BytesIO()
    page(PATHOLOGY).save(gray, "PNG")
    bilevel = io.BytesIO()
    page(RECEPTORS).convert("1").save(bilevel, "PNG")
    fax = io.BytesIO()
    page(RECEPTORS).convert("1").save(fax, "TIFF", compression="group4")
    layout = img2pdf.get_fixed_dpi_layout_fun((200, 200))
    for name, data in [
        ("scan-dct.pdf", jpeg),
        ("scan-flate-gray.pdf", gray),
        ("scan-flate-1bit.pdf", bilevel),
        ("scan-ccitt.pdf", fax),
    ]:
        with open(name, "wb") as out:
            out.write(img2pdf.convert(data.getvalue(), layout_fun=layout))
    form_pdf()


main()
