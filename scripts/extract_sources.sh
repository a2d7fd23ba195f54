#!/usr/bin/env bash
# Rebuilds the clone-detection data set from the Java source tarballs:
#   scripts/extract_sources.sh OUTDIR [extra `data clone-pairs` options…]
# Unpacks the five Apache-2.0 Java projects (Commons Lang, Math, Collections,
# IO, Guava) into a cache outside the clone, then runs
# `metacompress data clone-pairs` on them. The tarballs are looked up in
# $METACOMPRESS_SOURCES (default: ../shared/data/sources beside the clone).
set -euo pipefail
if [[ $# -lt 1 ]]; then
    echo "usage: $0 OUTDIR [data clone-pairs options...]" >&2
    exit 2
fi
out=$1
shift
repo=$(cd "$(dirname "$0")/.." && pwd)
tarballs=${METACOMPRESS_SOURCES:-$repo/../shared/data/sources}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/metacompress/sources
patterns=(
    "libcommons-lang3-java_*.orig.tar.*"
    "commons-math3_*.orig.tar.*"
    "libcommons-collections4-java_*.orig.tar.*"
    "commons-io_*.orig.tar.*"
    "guava-libraries_*.orig.tar.*"
)
sources=()
for pattern in "${patterns[@]}"; do
    # The newest version when several match.
    tarball=$(ls -1 "$tarballs"/$pattern 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z $tarball ]]; then
        echo "error: no tarball matching $pattern in $tarballs (set METACOMPRESS_SOURCES)" >&2
        exit 1
    fi
    name=$(basename "$tarball")
    dir=$cache/${name%.orig.tar.*}
    # .done marks a complete unpack: an interrupted one is redone.
    if [[ ! -f $dir/.done ]]; then
        echo "unpacking $name into $dir" >&2
        rm -rf "$dir"
        mkdir -p "$dir"
        tar xf "$tarball" -C "$dir"
        touch "$dir/.done"
    fi
    # Each tarball holds one top-level project folder.
    sources+=("$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n 1)")
done
cd "$repo"
# The data builder needs no libtorch.
exec nice "${CARGO:-cargo}" run --quiet --release --no-default-features -- \
    data clone-pairs --sources "${sources[@]}" --out "$out" "$@"
