#!/usr/bin/env bash
# The decktype GitHub Action's check (action.yml at the repository root):
# picks the decks to check (on a pull request, the decks it changes), runs
# `decktype check` and writes annotations, a job summary, a JSON report and
# the outputs. Bash 3.2 (macOS) and later, on Linux and macOS runners.
#
# Inputs, as action.yml maps them (a composite action passes nothing by
# itself): INPUT_PATHS (one per line; empty: the repository), INPUT_ALL
# (true|false), INPUT_CONFIG, INPUT_PROFILE, INPUT_ANNOTATIONS (true|false),
# INPUT_FAIL_ON (error|warning|never), INPUT_SARIF (a file to write, or
# empty). DECKTYPE_BIN is the decktype to run (install.sh finds it).
# GitHub's: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_WORKSPACE,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP.
#
# Exit status: 0 pass, 1 the check failed (per fail-on), 2 the action could
# not run (bad input, no git history, decktype's usage or I/O error).
set -uo pipefail

say() { printf '%s\n' "$*"; }
fail() {
  printf '::error title=decktype action::%s\n' "$*"
  exit 2
}
output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  fi
}
summary() {
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    printf '%s' "$1" >>"$GITHUB_STEP_SUMMARY"
  fi
}
# A deck path for the log and the summary, one line, no workflow commands.
shown() { printf '%s' "$1" | tr '\n\r' '??'; }

bin=${DECKTYPE_BIN:-decktype}
command -v "$bin" >/dev/null 2>&1 || fail "decktype not found ('$bin'); install.sh should have set DECKTYPE_BIN"

all=${INPUT_ALL:-false}
case "$all" in true | false) ;; *) fail "input all must be true or false, not '$all'" ;; esac
annotations=${INPUT_ANNOTATIONS:-true}
case "$annotations" in true | false) ;; *) fail "input annotations must be true or false, not '$annotations'" ;; esac
fail_on=${INPUT_FAIL_ON:-error}
case "$fail_on" in error | warning | never) ;; *) fail "input fail-on must be error, warning or never, not '$fail_on'" ;; esac
config=${INPUT_CONFIG:-}
profile=${INPUT_PROFILE:-}
sarif=${INPUT_SARIF:-}

cd "${GITHUB_WORKSPACE:-.}" || fail "cannot enter GITHUB_WORKSPACE='${GITHUB_WORKSPACE:-}'"

# The paths input: one per line, blank lines ignored, `./` and a trailing
# `/` dropped. Empty: the whole repository.
paths=()
while IFS= read -r line || [ -n "$line" ]; do
  line=$(printf '%s' "$line" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')
  [ -n "$line" ] || continue
  while [ "${line#./}" != "$line" ]; do line=${line#./}; done
  while [ "$line" != / ] && [ "${line%/}" != "$line" ]; do line=${line%/}; done
  [ -n "$line" ] || line=.
  [ -e "$line" ] || fail "no such deck or folder: '$line' (paths are relative to the repository root, one per line)"
  paths+=("$line")
done <<EOF
${INPUT_PATHS:-}
EOF
[ ${#paths[@]} -gt 0 ] || paths=(.)

# Whether `file` (relative to the repository root) lies in one of `paths`.
in_paths() {
  local p
  for p in "${paths[@]}"; do
    if [ "$p" = . ] || [ "$p" = "$1" ] || [ "${1#"$p"/}" != "$1" ]; then
      return 0
    fi
  done
  return 1
}

# Whether a Markdown file is a deck, by decktype's own rule
# (decktype_parse::is_slide_deck): front matter first (after blank space and
# a byte order mark), opened by `---`, closed by a line starting with `---`
# or `...` (a front matter never closed is none), with a top-level
# `type: slide`. The folder walk of
# `decktype check` skips other Markdown (README.md) the same way.
is_deck() {
  LC_ALL=C awk -v q="'" '
    BEGIN { state = 0; found = 0; closed = 0; re = "^type:[ \t]*[\"" q "]?slide[\"" q "]?([ \t]+#.*)?[ \t\r]*$" }
    state == 0 {
      line = $0
      if (NR == 1) sub(/^\357\273\277/, "", line)
      sub(/^[ \t\r]+/, "", line)
      if (line == "") next
      if (substr(line, 1, 3) == "---") { state = 1; next }
      exit
    }
    state == 1 {
      if (substr($0, 1, 3) == "---" || substr($0, 1, 3) == "...") { closed = 1; exit }
      if ($0 ~ re) found = 1
    }
    END { exit (found && closed) ? 0 : 1 }
  ' "$1"
}

# A value from the event JSON.
event_value() {
  if command -v jq >/dev/null 2>&1; then
    jq -r "$1 // empty" "$GITHUB_EVENT_PATH"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].strip(".").split("."):
    v = v.get(k) if isinstance(v, dict) else None
print(v if isinstance(v, str) else "")' "$GITHUB_EVENT_PATH" "$1"
  else
    fail "reading the event needs jq or python3"
  fi
}

# Makes sure `sha` is in the clone, fetching just that commit if not.
have_commit() {
  git cat-file -e "$1^{commit}" 2>/dev/null && return 0
  say "fetching $1 (the checkout did not include it)"
  git fetch --no-tags --quiet --depth=1 origin "$1" 2>&1 && git cat-file -e "$1^{commit}" 2>/dev/null
}

event=${GITHUB_EVENT_NAME:-}
targets=()
mode=all
# Only `pull_request` checks out the pull request's files; on other events
# (push, schedule, pull_request_target, which checks out the base) every deck
# under the paths is checked.
if [ "$all" = false ] && [ "$event" = pull_request ]; then
  mode=changed
fi

if [ "$mode" = changed ]; then
  [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ] || fail "no GITHUB_EVENT_PATH to find the pull request's commits in"
  command -v git >/dev/null 2>&1 || fail "git is needed to find the decks a pull request changes"
  git rev-parse --git-dir >/dev/null 2>&1 || fail "the workspace is not a git checkout; run actions/checkout before this action"
  base=$(event_value .pull_request.base.sha)
  head=$(event_value .pull_request.head.sha)
  [ -n "$base" ] && [ -n "$head" ] || fail "the event has no pull_request.base.sha and head.sha"
  have_commit "$base" || fail "cannot fetch the base commit $base; use actions/checkout with fetch-depth: 0"
  have_commit "$head" || fail "cannot fetch the head commit $head; use actions/checkout with fetch-depth: 0"
  if git merge-base "$base" "$head" >/dev/null 2>&1; then
    range=("$base...$head")
  else
    # A shallow clone: without the history there is no merge base. Comparing
    # the two commits lists the pull request's files and perhaps some the
    # base branch changed since: more decks checked, none missed.
    say "::notice title=decktype::no merge base of the pull request in this shallow clone; comparing base and head directly (set fetch-depth: 0 on actions/checkout to check only the pull request's own changes)"
    range=("$base" "$head")
  fi
  diff=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/decktype-diff.XXXXXX") || fail "cannot create a temporary file"
  git -c core.quotepath=off diff --name-status -z -M "${range[@]}" >"$diff" ||
    fail "git diff ${range[*]} failed"
  check_all=""
  candidates=()
  # Records: STATUS NUL PATH NUL, or (renames, copies) STATUS NUL OLD NUL NEW NUL.
  while IFS= read -r -d '' status; do
    old=""
    IFS= read -r -d '' path || break
    case "$status" in R* | C*)
      old=$path
      IFS= read -r -d '' path || break
      ;;
    esac
    for f in "$old" "$path"; do
      [ -n "$f" ] || continue
      case "$f" in
        decktype.toml | */decktype.toml) check_all="$f changed" ;;
      esac
      if [ -n "$config" ] && [ "$f" = "${config#./}" ]; then check_all="$f (the config) changed"; fi
      if [ -n "$profile" ] && [ "$f" = "${profile#./}" ]; then check_all="$f (the profile) changed"; fi
    done
    # A deleted or renamed-away file can be an image a deck shows.
    gone=""
    case "$status" in D*) gone=$path ;; R*) gone=$old ;; esac
    if [ -n "$gone" ] && in_paths "$gone"; then
      case "$gone" in *.md) ;; *) check_all="$gone was removed or renamed" ;; esac
    fi
    case "$status" in D*) continue ;; esac
    case "$path" in *.md) ;; *) continue ;; esac
    in_paths "$path" || continue
    case "/$path" in */.*) continue ;; esac # hidden, as decktype's folder walk
    [ -f "$path" ] || continue
    if is_deck "$path"; then
      candidates+=("$path")
    else
      say "skipped $(shown "$path"): not a deck (no type: slide front matter)"
    fi
  done <"$diff"
  rm -f "$diff"
  if [ -n "$check_all" ]; then
    say "checking every deck under ${paths[*]}: $(shown "$check_all")"
    mode=all
  else
    targets=(${candidates[@]+"${candidates[@]}"})
  fi
fi
if [ "$mode" = all ]; then
  targets=("${paths[@]}")
fi

temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
report="$temp/decktype-report.json"

if [ ${#targets[@]} -eq 0 ]; then
  say "no changed decks to check"
  printf '{\n  "version": 1,\n  "files": [],\n  "summary": {\n    "files": 0,\n    "errors": 0,\n    "warnings": 0,\n    "infos": 0\n  }\n}\n' >"$report"
  output report "$report"
  summary $'### decktype check: no changed decks\n\nThis pull request changes no deck under the checked paths.\n'
  output files 0
  output errors 0
  output warnings 0
  exit 0
fi

args=(check)
[ -z "$config" ] || args+=(--config "$config")
[ -z "$profile" ] || args+=(--profile "$profile")
[ "$fail_on" != warning ] || args+=(--deny warnings)

say "decktype ${args[*]} -- $(shown "${targets[*]}")"
"$bin" "${args[@]}" --format json -- "${targets[@]}" >"$report"
status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  # A usage or I/O failure (decktype said why on standard error).
  if [ ! -s "$report" ]; then
    rm -f "$report"
    fail "decktype check failed (exit $status)"
  fi
fi
output report "$report"
if [ "$annotations" = true ]; then
  "$bin" "${args[@]}" --format github -- "${targets[@]}" 2>/dev/null
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  "$bin" "${args[@]}" --format markdown -- "${targets[@]}" 2>/dev/null >>"$GITHUB_STEP_SUMMARY"
fi
say "::group::all findings (decktype check --format short)"
"$bin" "${args[@]}" --format short -- "${targets[@]}" 2>/dev/null | tr -d '\r' | sed 's/^::/ ::/'
say "::endgroup::"
if [ -n "$sarif" ]; then
  mkdir -p "$(dirname "$sarif")"
  "$bin" "${args[@]}" --format sarif -- "${targets[@]}" >"$sarif" 2>/dev/null
  output sarif "$sarif"
fi

# The counts, from the report's summary (without jq: the last line with
# the key, as the pretty-printed report ends with the summary).
count() {
  if command -v jq >/dev/null 2>&1; then
    jq -r ".summary.$1 // empty" "$report" 2>/dev/null
  else
    sed -n "s/^ *\"$1\": \([0-9][0-9]*\),\{0,1\}$/\1/p" "$report" | tail -n 1
  fi
}
files=$(count files)
errors=$(count errors)
warnings=$(count warnings)
output files "${files:-0}"
output errors "${errors:-0}"
output warnings "${warnings:-0}"
say "decktype: ${errors:-0} errors, ${warnings:-0} warnings in ${files:-0} files"

case "$status" in
  0) exit 0 ;;
  1)
    if [ "$fail_on" = never ]; then
      say "fail-on: never; not failing the step"
      exit 0
    fi
    exit 1
    ;;
  *) exit 2 ;;
esac
