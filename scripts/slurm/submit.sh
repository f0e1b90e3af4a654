#!/usr/bin/env bash
# Replay access logs on a Slurm cluster: a job array of replay shards, then a merge job that runs
# when every shard succeeded.
#
#   scripts/slurm/submit.sh [-n TASKS] OUTDIR SOURCE-ARGS… -- LOG…
#
#   scripts/slurm/submit.sh -n 16 /shared/replay --config /shared/site.conf --top 200 -- /shared/access.log
#   scripts/slurm/submit.sh /shared/replay --config /shared/site.conf -- /shared/logs/*.gz
#
# One uncompressed log is cut into TASKS byte ranges (default 8); several logs get one task each.
# OUTDIR, the configuration and the logs must be on a file system every node sees. The merged
# summary is OUTDIR/all.json, its report OUTDIR/report.html and OUTDIR/report.txt.
# SBATCH_ARGS adds sbatch options (partition, time limit …); HTREWRITE names the htrewrite binary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tasks=8
if [ "${1:-}" = "-n" ]; then tasks=${2:?-n wants a number}; shift 2; fi
out=${1:?usage: submit.sh [-n TASKS] OUTDIR SOURCE-ARGS… -- LOG…}
shift
rest=("$@")
logs=()
seen=""
for a in "${rest[@]}"; do
  if [ -n "$seen" ]; then logs+=("$a"); elif [ "$a" = "--" ]; then seen=yes; fi
done
[ -n "$seen" ] && [ ${#logs[@]} -gt 0 ] || { echo "submit.sh: give the logs after '--'" >&2; exit 2; }
[ ${#logs[@]} -eq 1 ] || tasks=${#logs[@]}
case "$tasks" in ''|*[!0-9]*|0) echo "submit.sh: -n wants a positive integer" >&2; exit 2 ;; esac

htrewrite=${HTREWRITE:-htrewrite}
mkdir -p "$out"
# shellcheck disable=SC2086 # SBATCH_ARGS is a list of options
array=$(sbatch --parsable ${SBATCH_ARGS:-} --chdir "$out" --array "0-$((tasks - 1))" \
  --export "ALL,HTREWRITE=$htrewrite" "$here/replay-shard.sbatch" "$out" "${rest[@]}")
array=${array%%;*} # --parsable prints "jobid[;cluster]"
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_ARGS:-} --chdir "$out" --job-name htrewrite-merge \
  --dependency "afterok:$array" --output "$out/merge-%j.out" --export "ALL,HTREWRITE=$htrewrite" \
  --wrap "\"$htrewrite\" merge \"$out\"/shard-*.json --json \"$out/all.json\" --html \"$out/report.html\" > \"$out/report.txt\"")
merge=${merge%%;*}
echo "replay array job $array ($tasks tasks), merge job $merge: results in $out/all.json, $out/report.html"
