"""Alert rule shape, runbook anchors, and a firing and a non-firing promtool test per alert."""
import glob, re, sys, yaml
prom, runbook = sys.argv[1], sys.argv[2]
anchors = {re.sub(r"[^a-z0-9 -]", "", l[3:].strip().lower()).replace(" ", "-")
           for l in open(runbook) if l.startswith("## ")}
alerts = {}
for f in glob.glob(prom + "/rules/*.yml"):
    for g in yaml.safe_load(open(f))["groups"]:
        for r in g["rules"]:
            if "alert" not in r:
                continue
            n, a = r["alert"], r.get("annotations", {})
            assert r.get("labels", {}).get("severity") in {"critical", "warning", "info"}, n
            assert a.get("summary") and a.get("description"), n
            assert a.get("runbook_url") == "docs/runbooks/alerts.md#" + n.lower(), n
            assert n.lower() in anchors, "no runbook heading for " + n
            alerts[n] = r
fire, quiet = set(), set()
for f in glob.glob(prom + "/tests/*.yml"):
    for t in yaml.safe_load(open(f))["tests"]:
        for c in t.get("alert_rule_test", []):
            (fire if c.get("exp_alerts") else quiet).add(c["alertname"])
# Watchdog (vector(1)) always fires by design: it has a firing test only
missing = [n for n in alerts if n not in fire or (n not in quiet and n != "Watchdog")]
assert not missing, "alerts without a firing and a non-firing test: %s" % missing
print("%d alerts: severity, annotations, runbook anchors and tests ok" % len(alerts))
