#!/usr/bin/env bash
# Renders packaging/icons/*.svg to the PNG sizes the freedesktop icon theme wants
# (packaging/icons/SIZE/NAME.png). Run after editing the SVG; the PNGs are committed so that a
# build needs no SVG renderer. Needs rsvg-convert (Debian librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../packaging/icons"
for svg in *.svg; do
    name=${svg%.svg}
    for size in 16 24 32 48 64 128 256 512; do
        mkdir -p "$size"
        rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio "$svg" -o "$size/$name.png"
    done
done
