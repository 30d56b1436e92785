"""load-tests/smoke.js carries the answered thresholds and target."""
import re, yaml
ans = yaml.safe_load(open("scaffold.yaml"))
s = (ans.get("settings") or {}).get("k6") or {}
js = open("load-tests/smoke.js").read()
p95 = int(s.get("p95_ms", 500)); err = int(s.get("error_rate_percent", 1))
assert re.search(r"^const P95_MS = %d;$" % p95, js, re.M), "P95_MS != %d" % p95
assert re.search(r"^const ERROR_RATE_PERCENT = %d;$" % err, js, re.M), "ERROR_RATE_PERCENT != %d" % err
assert "http_req_duration: [`p(95)<${P95_MS}`]" in js and "http_req_failed: [`rate<${ERROR_RATE_PERCENT / 100}`]" in js
assert "'https://%s'" % ans["domain"] in js, "default target is not https://" + ans["domain"]
print("smoke.js: p95<%dms, errors<%d%%, target https://%s" % (p95, err, ans["domain"]))
