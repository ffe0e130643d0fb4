#!/usr/bin/env bash
# Validates the evidence pack's OSCAL Assessment Results (oscal/assessment-results.json)
# against the assessment-results model that compliance-trestle ships (pydantic models
# generated from NIST's OSCAL schemas, extra fields forbidden), then runs trestle's own
# validators (duplicate uuids, references).
#
#   scripts/validate-oscal.sh [FILE]
#
# Without FILE it builds the pack of the examples (as tests/pack.rs does) into a temporary
# directory and validates that. compliance-trestle is installed into a virtualenv under
# ${CASELINT_TRESTLE_VENV:-$HOME/.cache/caselint-trestle} on first use (PyPI; a few seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${CASELINT_TRESTLE_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/caselint-trestle}
if ! "$venv/bin/python" -c 'import trestle.oscal.assessment_results' >/dev/null 2>&1; then
  command -v python3 >/dev/null || { echo "validate-oscal: python3 is required" >&2; exit 1; }
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'compliance-trestle>=3.9,<6'
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
file=${1:-}
if [ -z "$file" ]; then
  CASELINT_PACK_OUT="$out/pack" cargo test --quiet --test pack the_same_inputs_give_the_same_bytes >/dev/null
  file="$out/pack/oscal/assessment-results.json"
fi
"$venv/bin/python" - "$file" "$out" <<'PY'
import pathlib
import sys

import trestle
import trestle.core.validator_factory  # noqa: F401  (registers the validators; import before all_validator)
from trestle.core.all_validator import AllValidator
from trestle.oscal.assessment_results import AssessmentResults

path = pathlib.Path(sys.argv[1])
# oscal_read checks the single top-level key and validates against the model.
model = AssessmentResults.oscal_read(path)
if model is None:
    sys.exit(f"validate-oscal: {path} does not exist")
validator = AllValidator()
if not validator.model_is_valid(model, quiet=False, trestle_root=pathlib.Path(sys.argv[2])):
    sys.exit(f"validate-oscal: {path}: {validator.error_msg()}")
result = model.results[0]
declared = model.metadata.oscal_version
while hasattr(declared, "root"):
    declared = declared.root
print(
    f"validate-oscal: {path.name} is a valid OSCAL assessment-results document "
    f"(compliance-trestle {trestle.__version__}, OSCAL model {trestle.oscal.OSCAL_VERSION}; "
    f"document declares {declared}): "
    f"{len(result.observations or [])} observations, {len(result.findings or [])} findings"
)
PY
