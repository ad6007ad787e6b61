# Shared by the CLI test scripts (sourced, not run): `runform` must be set to the binary.
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_error "fragment" args...: runform exits non-zero and says the fragment.
expect_error() {
  local fragment=$1; shift
  set +e
  out=$("$runform" "$@" 2>&1)
  code=$?
  set -e
  [ "$code" -ne 0 ] || fail "'runform $*' succeeded on bad input"
  echo "$out" | grep -qF -- "$fragment" || fail "'runform $*' said: $out (expected: $fragment)"
}
