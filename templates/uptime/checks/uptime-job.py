"""The uptime job of prometheus.yml probes every public URL of the answers."""
import re, yaml
ans = yaml.safe_load(open("scaffold.yaml"))
prom = yaml.safe_load(open("monitoring/prometheus/prometheus.yml"))
jobs = {j["job_name"]: j for j in prom["scrape_configs"]}
job = jobs["uptime"]
def secs(d):
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
    return sum(float(n) * units[u] for n, u in re.findall(r"(\d+)(ms|s|m|h|d|w|y)", d))
iv = secs(job["scrape_interval"])
assert 0 < iv <= 240, "uptime interval %s: at most 4m (staleness is 5m)" % job["scrape_interval"]
assert job["metrics_path"] == "/probe" and job["params"]["module"] == ["http_2xx"]
bb = yaml.safe_load(open("monitoring/blackbox/blackbox.yml"))
assert "http_2xx" in bb["modules"]
hosts = [ans["domain"]] + (["www." + ans["domain"]] if ans.get("www_redirect") else []) + list(ans.get("extra_domains") or [])
want = set()
for s in ans["services"]:
    if s.get("public", True):
        p = s.get("path", "/")
        h = s.get("health", "/healthz")
        for host in hosts:
            want.add("https://%s%s" % (host, h if p == "/" else p + h))
got = {t for sc in job["static_configs"] for t in sc["targets"]}
assert got == want, "uptime targets %s != public URLs %s" % (sorted(got), sorted(want))
relabel = {r.get("target_label"): r for r in job["relabel_configs"]}
assert relabel["__address__"]["replacement"] == "blackbox-exporter:9115"
print("uptime: %d public URLs every %ss" % (len(got), int(iv)))
