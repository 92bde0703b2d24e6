#!/usr/bin/env bash
# Renders every workbook (and document) the demo produces to PDF with LibreOffice and to PNG
# pages with pdftoppm, for people to look at how they print. Not part of CI.
#
#   scripts/render.sh [OUT]        (default OUT: target/render)
#
# Needs LibreOffice Calc and Writer and poppler-utils; installs them from Debian's packages
# when missing (as root, or through sudo).
set -euo pipefail
out="${1:-target/render}"
need=()
command -v soffice >/dev/null || need+=(libreoffice-calc libreoffice-writer)
# Carlito and Caladea: the metrics of Calibri and Cambria, so that columns print as in Excel.
fc-list | grep -q Carlito || need+=(fonts-crosextra-carlito fonts-crosextra-caladea)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
if [ "${#need[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${need[@]}"
fi
rm -rf "$out"
mkdir -p "$out"
sakip() { cargo run --quiet --release -- "$@"; }
H=fixtures/demo-history
sakip history import "$H/ringkasan-akip-2023.csv" --year 2023 --rubric akip-2015 \
  --history "$out/riwayat" --opd-registry "$H/daftar-opd.csv"
sakip history import "$H/ringkasan-akip-2024.csv" --year 2024 --rubric akip-2021-opd \
  --history "$out/riwayat" --opd-registry "$H/daftar-opd.csv"
sakip score fixtures/demo --programs fixtures/demo-program --year 2025 \
  --history "$out/riwayat" --opd-registry "$H/daftar-opd.csv" --scorecards --lhe --quiet --out "$out/demo"
# The same year's LHE again, from the history alone.
sakip lhe --history "$out/riwayat" --year 2025 --opd-registry "$H/daftar-opd.csv" --out "$out/lhe-again"
sakip trend --history "$out/riwayat" --opd-registry "$H/daftar-opd.csv" --out "$out/demo/trend.xlsx"
sakip score fixtures/demo-zi --rubric lke-zi-2021 --level 3 --quiet --out "$out/zi"
sakip template lke --opd "Dinas Contoh" --out "$out/templates/lke.xlsx"
sakip template programs --priorities fixtures/demo-program/prioritas-walikota.csv \
  --out "$out/templates/program.xlsx"
# Every workbook and document, each to a PDF beside it and PNG pages in a folder of its name.
find "$out" \( -name '*.xlsx' -o -name '*.docx' \) -print0 | while IFS= read -r -d '' file; do
  dir=$(dirname "$file")
  soffice --headless --convert-to pdf --outdir "$dir" "$file" >/dev/null 2>&1
  pdf="${file%.*}.pdf"
  mkdir -p "${file%.*}"
  pdftoppm -r 60 -png "$pdf" "${file%.*}/page"
  echo "$pdf: $(pdfinfo "$pdf" | awk '/^Pages/ {print $2}') pages"
done
