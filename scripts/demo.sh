#!/usr/bin/env bash
# make demo: the provider's main job on a laptop, without a Huawei Cloud account.
#
# Builds the provider and the emulator, locates (or builds once) the engine with
# scripts/engine.sh, starts the emulator with its built-in demo applications on a
# free loopback port, and then with examples/demo:
#   1. applies a small business setup (AX, AXE, AXB and AXYB bindings), then a
#      customer dials the hotline and reaches the front desk, and a call through an
#      AXB pair in the direction it forbids is refused (hang-up 8016),
#   2. shows that a second plan has nothing to do,
#   3. deletes a binding behind Terraform's back and shows plan detecting it, then restores it,
#   4. destroys everything and checks that the emulator holds no binding.
# Everything happens in a temporary directory that is removed on exit, with the
# emulator stopped, whether the demo passes or fails. Exit status 0 means every
# step passed; otherwise the failed step is named.
#
#   ENGINE=terraform scripts/demo.sh   runs it with Terraform (scripts/engine.sh: v1.14.9) instead of OpenTofu
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ENGINE="${ENGINE:-tofu}"

start=$SECONDS
step="prepare"
emu_pid=""
work="$(mktemp -d "${TMPDIR:-/tmp}/privatenumber-demo.XXXXXX")"

stop_emulator() {
  if [ -n "$emu_pid" ]; then
    kill "$emu_pid" 2>/dev/null || true
    wait "$emu_pid" 2>/dev/null || true
    emu_pid=""
  fi
}
cleanup() {
  local rc=$?
  trap - EXIT
  stop_emulator
  rm -rf "$work"
  if [ "$rc" -ne 0 ]; then
    echo "demo FAILED in step: $step (exit $rc); the emulator is stopped and $work removed" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { printf '%s\n' "$*"; }
fail() {
  echo "error: $*" >&2
  exit 1
}
# engine LOG ARGS... runs the engine in the demo directory, its output in a log
# file; prints the log's end when the engine fails. Returns the engine's status.
engine() {
  local log="$work/logs/$1.log" rc=0
  shift
  (cd "$work/demo" && "$engine_bin" "$@") >"$log" 2>&1 || rc=$?
  return "$rc"
}
show_log_tail() {
  echo "--- last lines of the engine's output ($1):" >&2
  tail -n 40 "$work/logs/$1.log" >&2
}
# bindings prints the emulator's bindings: MODE SUBSCRIPTION_ID X_NUMBER A_NUMBER.
bindings() { "$work/bin/privatenumber-emuadmin" -endpoint "$endpoint" list; }
count_by_mode() {
  bindings | awk '{n[toupper($1)]++; t++}
    END {
      if (!t) { print "no"; exit }
      s = ""; split("AX AXB AXE AXYB", modes, " ")
      for (i = 1; i <= 4; i++) if (n[modes[i]]) s = s (s == "" ? "" : ", ") modes[i] " " n[modes[i]]
      print t " (" s ")"
    }'
}

# --- Build ---------------------------------------------------------------------
step="build"
mkdir -p "$work/bin" "$work/logs" "$work/demo"
say "==> Building the provider, the emulator and the demo's admin helper (go build)"
(cd "$root" && go build -trimpath -o "$work/bin/" . ./cmd/privatenumber-emulator ./cmd/privatenumber-emuadmin) ||
  fail "go build failed"

step="engine"
# The engine is always scripts/engine.sh's (never a terraform or tofu found on PATH).
engine_bin="$(engine_path "$ENGINE")" || fail "scripts/engine.sh $ENGINE failed"

# A CLI configuration of our own: it replaces whatever TF_CLI_CONFIG_FILE points at
# (possibly a missing file) and points the engine at the provider just built.
# With dev_overrides, init is neither needed nor wanted.
# No network: no version checkpoint either (Terraform would call home).
private_cli_config "$work/cli.tfrc" <<EOF
disable_checkpoint = true
provider_installation {
  dev_overrides {
    "registry.terraform.io/privnum/privatenumber" = "$work/bin"
  }
  direct {}
}
EOF
export TF_IN_AUTOMATION=1 TF_INPUT=0
# Nothing from the caller's shell may change what the demo does.
unset TF_CLI_ARGS TF_CLI_ARGS_plan TF_CLI_ARGS_apply TF_CLI_ARGS_destroy TF_DATA_DIR TF_WORKSPACE \
  TF_PLUGIN_CACHE_DIR TF_VAR_applications
for v in $(compgen -e | grep '^PRIVATENUMBER_' || true); do unset "$v"; done
say "    engine: $engine_bin ($("$engine_bin" version | head -n1))"

# --- Emulator ------------------------------------------------------------------
step="start emulator"
"$work/bin/privatenumber-emulator" -listen 127.0.0.1:0 >"$work/emulator.out" 2>"$work/emulator.log" &
emu_pid=$!
endpoint=""
# Wait while it runs (a busy machine may take a while); give up only after 2 minutes.
for _ in $(seq 1 1200); do
  line="$(head -n1 "$work/emulator.out" 2>/dev/null || true)"
  if [[ "$line" == "listening on "* ]]; then
    endpoint="${line#listening on }"
    break
  fi
  kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; fail "the emulator exited at start"; }
  sleep 0.1
done
[ -n "$endpoint" ] || fail "the emulator printed no 'listening on' line within 2 minutes"
say "==> Started the emulator at $endpoint (pid $emu_pid) with its demo applications:"
say "    demo-ax-app, demo-axb-app, demo-axe-app, demo-axyb-app (one per mode, as on the platform)"
export TF_VAR_endpoint="$endpoint"
cp "$root"/examples/demo/*.tf "$work/demo/"

# --- 1. Apply ------------------------------------------------------------------
step="1/4 apply examples/demo"
say ""
say "==> 1/4 Apply examples/demo: a flower shop's hotline (AX), three staff behind"
say "    extensions (AXE), two account pairs (AXB), a courier's group with two customers (AXYB)"
engine apply apply -auto-approve -input=false -no-color || { show_log_tail apply; fail "apply failed"; }
grep -E '^Apply complete' "$work/logs/apply.log" | sed 's/^/    /'
# apply ends with the outputs: the masked numbers the platform chose.
sed -n '/^Outputs:$/,$p' "$work/logs/apply.log" | sed '1,2d; s/^/    /'
say "    the emulator holds $(count_by_mode) bindings"

# --- Calls through the new bindings ----------------------------------------------
step="1/4 calls through the bindings"
say ""
say "==> 1/4 (cont.) Calls through the new bindings (emulator admin API, POST /emulator/v1/calls)"
hotline="$(sed -n 's/^hotline = "\(.*\)"$/\1/p' "$work/logs/apply.log")"
[ -n "$hotline" ] || fail "apply printed no hotline output"
out="$("$work/bin/privatenumber-emuadmin" -endpoint "$endpoint" call +8613900000099 "$hotline" talk=60 expect=+8675523456789)" ||
  fail "a customer dialling the hotline did not reach the front desk"
say "    a customer dials the hotline: $out (the front desk)"
out="$("$work/bin/privatenumber-emuadmin" -endpoint "$endpoint" call +8613800000022 +8617000000101 expect=8016)" ||
  fail "the wedding-co manager's call against the pair's direction was not refused with 8016"
say "    the wedding-co manager calls the buyer back (the pair is a_to_b): $out"

# --- 2. Nothing to do ----------------------------------------------------------
step="2/4 plan finds nothing to do"
say ""
say "==> 2/4 A second plan -detailed-exitcode finds nothing to do (exit 0)"
rc=0
engine plan-clean plan -detailed-exitcode -input=false -no-color || rc=$?
if [ "$rc" -ne 0 ]; then
  show_log_tail plan-clean
  fail "plan -detailed-exitcode exited $rc, want 0 (no changes)"
fi
say "    exit 0: $(grep -E '^No changes' "$work/logs/plan-clean.log" | head -n1)"

# --- 3. Drift ------------------------------------------------------------------
step="3/4 drift detection"
say ""
say "==> 3/4 Someone unbinds the hotline behind Terraform's back (emulator admin API)"
read -r _ sub x _ < <(bindings | awk 'toupper($1) == "AX"' | head -n1) || true
[ -n "${sub:-}" ] || fail "the emulator holds no AX binding to delete"
"$work/bin/privatenumber-emuadmin" -endpoint "$endpoint" delete "$sub" || fail "deleting binding $sub through the admin API failed"
say "    DELETE $endpoint/emulator/v1/bindings/$sub   (the hotline $x)"
rc=0
engine plan-drift plan -detailed-exitcode -input=false -no-color || rc=$?
if [ "$rc" -ne 2 ]; then
  show_log_tail plan-drift
  fail "plan -detailed-exitcode exited $rc, want 2 (changes: the deleted binding)"
fi
say "    plan -detailed-exitcode: exit 2"
grep -E '^ *# .* (will be|must be|has been)|^Plan:' "$work/logs/plan-drift.log" | sed -E 's/^ */    /'
step="3/4 restore with apply"
engine restore apply -auto-approve -input=false -no-color || { show_log_tail restore; fail "apply (restore) failed"; }
say "    apply: $(grep -E '^Apply complete' "$work/logs/restore.log")"
hotline="$(sed -n 's/^hotline = "\(.*\)"$/\1/p' "$work/logs/restore.log")"
if [ "$hotline" = "$x" ]; then
  say "    the hotline is $hotline again; the emulator holds $(count_by_mode) bindings"
else
  say "    the hotline is now $hotline (the platform chose again from area_code 0755; pin x_number to keep a number)"
fi

# --- 4. Destroy ----------------------------------------------------------------
step="4/4 destroy"
say ""
say "==> 4/4 Destroy everything"
engine destroy destroy -auto-approve -input=false -no-color || { show_log_tail destroy; fail "destroy failed"; }
say "    $(grep -E '^Destroy complete' "$work/logs/destroy.log")"
left="$(bindings)" || fail "listing the emulator's bindings failed"
if [ -n "$left" ]; then
  echo "$left" >&2
  fail "the emulator still holds bindings after destroy"
fi
say "    the emulator holds no bindings"
step="stop emulator"
stop_emulator
say "    emulator stopped; temporary directory removed on exit"
say ""
say "demo passed in $((SECONDS - start))s"
