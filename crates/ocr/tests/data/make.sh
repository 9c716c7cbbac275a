#!/usr/bin/env bash
# Makes the small test images and scanned PDFs in this folder (committed; run again only to change them).
# Uses Python Pillow, img2pdf and pikepdf in a venv under crates/ocr/.tools/ (git-ignored).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/../../.tools/venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "pillow==13.0.0" "img2pdf==0.6.3"
fi
cd "$here"
"$venv/bin/python" make.py
