#!/usr/bin/env bash
# Outputs that cannot be written: each file is written whole or not at all, the run exits 2
# with the file and the reason, and says nothing of having written it. A full disk used to
# leave the SVG cut short and summary.json empty with exit 0 and "wrote ...".
# Usage: files.sh LSMC (from the project directory).
source "$(dirname "$0")/lib.sh"
lsmc=$1
small=tests/reliability/models/small_experiment.lsm

# no_partial_files DIR: none of the temporary files is left behind.
no_partial_files=(bash -c '! ls "$1" | grep -q partial' _)

# A file size limit (ulimit -f, in KiB) stands in for a full disk: writes beyond it fail with
# EFBIG as they would with ENOSPC. SIGXFSZ is ignored so that the write returns the error. The
# small experiment writes fig2.csv (38 KB), fig2.png (14 KB), then fig2.svg (49 KB).
full_disk=(bash -c 'trap "" XFSZ; ulimit -f "$1"; shift; exec "$@"' _)  # full_disk KIB COMMAND...
check disk_full_at_svg 2 "^lsmc: error: cannot write '[^']*/full/fig2.svg': cairo: error while writing" -- \
  "${full_disk[@]}" 40 "$lsmc" run "$small" --quiet --out "$scratch/full"
check disk_full_no_svg_left 1 "" -- test -e "$scratch/full/fig2.svg"
check disk_full_no_summary 1 "" -- test -e "$scratch/full/summary.json"
check disk_full_no_partial_files 0 "" -- "${no_partial_files[@]}" "$scratch/full"
check disk_full_complete_csv 0 "^501 " -- wc -l "$scratch/full/fig2.csv"
check disk_full_says_no_wrote 1 "" -- bash -c '"$@" 2>&1 | grep -q wrote' _ "${full_disk[@]}" 40 \
  "$lsmc" run "$small" --out "$scratch/full3"
check disk_full_at_csv 2 "cannot write '.*/full2/fig2.csv': File too large" -- \
  "${full_disk[@]}" 8 "$lsmc" run "$small" --quiet --out "$scratch/full2"
check disk_full_csv_absent 1 "" -- test -e "$scratch/full2/fig2.csv"

# A PNG that cannot be written (its name is taken by a directory): was an internal error.
mkdir -p "$scratch/png/fig2.png"
check png_cannot_be_written 2 "lsmc: error: cannot write '.*/png/fig2.png': Is a directory" -- \
  "$lsmc" run "$small" --quiet --out "$scratch/png"
check png_no_partial_files 0 "" -- "${no_partial_files[@]}" "$scratch/png"
mkdir -p "$scratch/json/summary.json"
check summary_cannot_be_written 2 "cannot write '.*/json/summary.json'" -- \
  "$lsmc" run "$small" --quiet --out "$scratch/json"

finish reliability-files
