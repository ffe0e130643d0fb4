# The three rules of ../peer-rules/peer.rules, in Rego, for the regorus comparison.
package caselint

import rego.v1

surveillance_starts := sort([[a.start, i] | some i, a in input.audits; a.kind == "surveillance"])

violations contains msg if {
	"ITSMS" in input.schemes
	count(surveillance_starts) >= 2
	some k in numbers.range(0, count(surveillance_starts) - 2)
	prev := input.audits[surveillance_starts[k][1]]
	next := input.audits[surveillance_starts[k + 1][1]]
	deadline := time.add_date(time.parse_ns("2006-01-02", prev.end), 0, 12, 0)
	time.parse_ns("2006-01-02", next.start) > deadline
	msg := {"rule": "cycle/itsms-surveillance-interval", "case": input.case_id, "audit": next.id}
}

violations contains msg if {
	some maker in input.decision.by
	some a in input.audits
	a.kind in {"stage1", "stage2"}
	some t in a.team
	t.staff == maker
	msg := {"rule": "decision/maker-not-auditor", "case": input.case_id, "maker": maker, "audit": a.id}
}

violations contains msg if {
	some a in input.audits
	data.staff_by_id[a.dispatch_notice.by].department != "audit"
	msg := {"rule": "roles/dispatch-by-audit", "case": input.case_id, "audit": a.id}
}
