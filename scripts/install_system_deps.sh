#!/usr/bin/env bash
# Installs the system tools the build and the tests need when they are
# missing: a C compiler (tree-sitter grammars, C relation tests), a JDK
# (Java relation tests compile and run variants), make and Python's venv.
set -euo pipefail

missing=()
command -v cc >/dev/null 2>&1 || missing+=(gcc)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "install_system_deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# The headless JDK's version differs between Debian releases: fall back to the default one.
if ! $SUDO apt-get install -y -qq "${missing[@]}"; then
    $SUDO apt-get install -y -qq "${missing[@]/openjdk-17-jdk-headless/default-jdk-headless}"
fi
