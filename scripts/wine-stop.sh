#!/usr/bin/env bash
# Stops the Wine processes that scripts/wine-java.sh's prefix runs (wineserver -k on that prefix).
exec "$(dirname "$0")/wine-java.sh" stop
