#!/usr/bin/env bash
# Installs the Debian packages Helsedocs needs when they are missing:
#   run  -> libpq-dev (psycopg2 builds against it), gcc and Python headers
#   test -> the same, plus chromium (browser tests), poppler-utils (pdftotext baseline) and
#           fonts-liberation (scripts/make_test_pdfs.py typesets the test PDFs with it)
# Needs root or sudo only when something is missing.
set -euo pipefail
target="${1:-run}"

missing=()
command -v pg_config >/dev/null 2>&1 || missing+=(libpq-dev)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
python3 -c "import sysconfig, pathlib, sys; sys.exit(0 if pathlib.Path(sysconfig.get_paths()['include'], 'Python.h').exists() else 1)" \
  || missing+=(python3-dev)
if [ "$target" = "test" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  [ -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] || missing+=(fonts-liberation)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "Missing packages ${missing[*]}: install them as root (apt-get install ${missing[*]})." >&2
  exit 1
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
