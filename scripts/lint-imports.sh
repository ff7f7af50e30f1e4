#!/usr/bin/env bash
# The layer fences, checked: only System/ reaches libc (Glibc, Musl, CSystem), only Wire/
# imports the protobuf-c output, only Transport/GRPC/ the gRPC C facade, and the library
# imports no Foundation at all (the release shim does not link it; JSON is Core/JSON).
# Prints offenders; exits 1 if any.
set -uo pipefail
cd "$(dirname "$0")/../Sources/HCSShim"
status=0
fence() {  # fence PATTERN ALLOWED_DIR_REGEX WHAT
  local offenders
  offenders="$(grep -rlE "$1" --include='*.swift' . | grep -vE "$2" || true)"
  if [ -n "$offenders" ]; then echo "$3 outside its fence:"; echo "$offenders" | sed 's/^/  /'; status=1; fi
}
fence '^import (Glibc|Musl|CSystem)$|canImport\((Glibc|Musl)\)' '^\./System/' "libc"
fence '^import Proto$' '^\./Wire/' "Proto (protobuf-c)"
fence '^import CGRPC$' '^\./Transport/GRPC/' "CGRPC"
fence '^import (Foundation|FoundationEssentials)$' '^$' "Foundation"
fence '^import WinSDK$' '^\./Compute/HCS/Windows/' "WinSDK"
[ "$status" = 0 ] && echo "import fences hold"
exit $status
