#!/usr/bin/env bash
# Renders the app icon (smartdata.svg) into the raster icons the packages install, all committed:
#   hicolor/NxN/apps/smartdata.png   16..512 px, the freedesktop icon theme layout (the .deb)
#   smartdata.ico                    16..256 px, the Windows executable and NSIS installer icon
#   smartdata.icns                   16..1024 px, the macOS bundle icon (PNG-coded entries)
# Run it again only when smartdata.svg changes; the build itself never needs these tools.
# Needs rsvg-convert (Debian: librsvg2-bin), ImageMagick 6 (imagemagick) and python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
svg="$here/smartdata.svg"
# ImageMagick 6 by its versioned name: on Debian `convert` may be a wrapper of something else.
magick="$(command -v convert-im6.q16 || command -v convert)"
for tool in rsvg-convert "$magick" python3; do
    command -v "$tool" >/dev/null || { echo "generate-icons: $tool is missing" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

render() { # SIZE OUTPUT
    rsvg-convert --width "$1" --height "$1" --keep-aspect-ratio --format png --output "$2" "$svg"
}

for size in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "$here/hicolor/${size}x${size}/apps"
    render "$size" "$here/hicolor/${size}x${size}/apps/smartdata.png"
done
render 1024 "$work/1024.png"

# Windows: one .ico holding the sizes Explorer and the taskbar ask for.
ico_sizes=()
for size in 16 24 32 48 64 128 256; do
    ico_sizes+=("$here/hicolor/${size}x${size}/apps/smartdata.png")
done
"$magick" "${ico_sizes[@]}" "$here/smartdata.ico"

# macOS: an .icns is a list of (type, length, PNG) records after an 'icns' header.
python3 - "$here" "$work/1024.png" <<'PY'
import struct, sys
here, big = sys.argv[1], sys.argv[2]
def png(size):
    return big if size == 1024 else f"{here}/hicolor/{size}x{size}/apps/smartdata.png"
# type code -> pixel size (the @2x types reuse the next larger rendering)
types = [(b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
         (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512)]
body = b""
for code, size in types:
    data = open(png(size), "rb").read()
    body += code + struct.pack(">I", len(data) + 8) + data
open(f"{here}/smartdata.icns", "wb").write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY

echo "generate-icons: wrote hicolor/*/apps/smartdata.png, smartdata.ico and smartdata.icns in $here"
