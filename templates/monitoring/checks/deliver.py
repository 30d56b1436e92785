"""Fires a test alert per route at Alertmanager (port argv[1]) and waits until each route's
receiver got it (argv[2]/hits).
"""
import json, os, sys, time, urllib.request
am, tmp, routes = sys.argv[1], sys.argv[2], sys.argv[3].split()
hits = tmp + "/hits"
url = f"http://127.0.0.1:{am}/api/v2/alerts"
# Distinct names and instances: the inhibit rules would silence a warning beside a critical.
alerts = [{"labels": {"alertname": "ScaffoldTestPaging", "severity": "critical", "instance": "verify-1"}},
          {"labels": {"alertname": "ScaffoldTestChat", "severity": "warning", "instance": "verify-2"}},
          {"labels": {"alertname": "Watchdog", "severity": "none"}}]
body = json.dumps(alerts).encode()
for _ in range(100):
    try:
        urllib.request.urlopen(urllib.request.Request(url, body, {"Content-Type": "application/json"}), timeout=2)
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("alertmanager did not start: " + open(tmp + "/am.log").read()[-500:])
for _ in range(100):
    got = {line.strip().split("/")[1] for line in open(hits)} if os.path.exists(hits) else set()
    if set(routes) <= got:
        break
    time.sleep(0.2)
missing = sorted(set(routes) - got)
assert not missing, f"no delivery on the route(s) {missing} (delivered: {sorted(got)})"
print("delivered on", ", ".join(sorted(got)))
