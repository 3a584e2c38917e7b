#!/usr/bin/env bash
# The whole test suite, the same that CI runs: unit, integration, end-to-end and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p test-artifacts
set +e
# The code's own rules (layers, no floating promises, …) fail the run like a failing test does.
echo "… ESLint and Prettier"
npx eslint . --max-warnings=0 && npx prettier --check . --log-level warn
lint_status=$?
# Unused files, exports and dependencies, and imports of packages a workspace does not declare (knip.config.ts).
echo "… knip"
npm run --silent knip
knip_status=$?
# Types of everything, specs, end-to-end tests and benchmarks included (the build skips specs).
echo "… typecheck"
npx turbo run typecheck --output-logs=errors-only && npx tsc -p test/tsconfig.json && npx tsc -p bench/tsconfig.json
typecheck_status=$?
TZ=UTC npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json "$@"
status=$?
set -e
# One plain closing line that any CI can read.
node -e '
  const r = require("./test-artifacts/vitest.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' 2>/dev/null || true
[ $lint_status -ne 0 ] && echo "ESLint or Prettier found problems (above)"
[ $knip_status -ne 0 ] && echo "knip found unused code or dependencies, or an import of an undeclared package (above; npm run knip)"
[ $typecheck_status -ne 0 ] && echo "The typecheck found errors (above)"
[ $status -eq 0 ] && status=$lint_status
[ $status -eq 0 ] && status=$knip_status
[ $status -eq 0 ] && status=$typecheck_status
exit $status
