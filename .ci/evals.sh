#!/usr/bin/env bash
# Evaluations over ../shared with their bars; each prints its figures, and a figure under its bar fails CI.
set -euo pipefail
SHARED=$1
DYAD=$2

