#!/usr/bin/env bash
# Regenerate htrewrite's directive table from the installed Apache and modules:
#   1. extract.py reads every module's command table out of its ELF image (names, cmd_how,
#      req_override, help) and the modules' load dependencies;
#   2. measure-contexts.py runs apache2 -t on each directive in each context to learn the
#      module's own "cannot occur within" checks (a few minutes);
#   3. generate-data.py writes src/config/directive-data.ts.
# Needs Debian's apache2 and the packages of packages.txt installed (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
fix=test/config/fixtures
python3 scripts/directive-table/extract.py "$fix/directive-table.json" "$fix/modules.json"
python3 scripts/directive-table/measure-contexts.py > "$fix/contexts-measured.jsonl.new"
mv "$fix/contexts-measured.jsonl.new" "$fix/contexts-measured.jsonl"
python3 scripts/directive-table/generate-data.py > src/config/directive-data.ts
echo "directive table: $(grep -c '^    \["' src/config/directive-data.ts) directives of $(grep -c '^  { id:' src/config/directive-data.ts) modules"
