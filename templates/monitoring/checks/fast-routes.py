"""An alertmanager.yml (argv[1]) written to argv[2] with every receiver pointed at the stub on port
argv[3] and timers shortened; prints the routes that need a receiver secret.
"""
import sys, yaml
src, dst, port = sys.argv[1], sys.argv[2], sys.argv[3]
c = yaml.safe_load(open(src))
def fast(r):
    r["group_wait"], r["group_interval"], r["repeat_interval"] = "0s", "1s", "1m"
    for sub in r.get("routes", []):
        fast(sub)
fast(c["route"])
base = f"http://127.0.0.1:{port}/"
for r in c["receivers"]:
    n = r["name"]
    for w in r.get("webhook_configs", []):
        w.pop("url_file"); w["url"] = base + n
    for w in r.get("slack_configs", []):
        w.pop("api_url_file"); w["api_url"] = base + n
    for w in r.get("pagerduty_configs", []):
        w.pop("routing_key_file"); w["routing_key"] = "a" * 32; w["url"] = base + n
    for w in r.get("opsgenie_configs", []):
        w.pop("api_key_file"); w["api_key"] = "k"; w["api_url"] = base + n + "/"
yaml.safe_dump(c, open(dst, "w"))
print(" ".join(r["name"] for r in c["receivers"] if len(r) > 1))
