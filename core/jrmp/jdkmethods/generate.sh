#!/usr/bin/env bash
# Regenerates core/jrmp/jdkremotemethodtable.inc, the built-in table of the JDK's remote methods (registry, DGC,
# activation, JMX over RMI), from the interfaces of the installed JDK (17). Needs java.
# Usage: core/jrmp/jdkmethods/generate.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../jdkremotemethodtable.inc"
# sun.rmi.server.Util.computeMethodHash is the JDK's own hash; it lives in a package java.rmi does not export.
java --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED "$here/GenerateJdkMethods.java" >"$out.tmp"
mv "$out.tmp" "$out"
echo "generate.sh: wrote $out"
