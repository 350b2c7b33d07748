#!/usr/bin/env bash
# Regenerates the *.ser fixtures in this directory: Java Object Serialization streams written by the JDK's own
# ObjectOutputStream (SerializationSamples.java, compiled into a temporary directory). Needs javac and java.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -d "$work" "$here/SerializationSamples.java"
java -cp "$work" SerializationSamples "$here"
