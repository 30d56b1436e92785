"""loki/loki.yaml and loki/config.alloy follow the answers (retention, storage, shipper wiring)."""
import re, yaml
ans = yaml.safe_load(open("scaffold.yaml"))
s = (ans.get("settings") or {}).get("loki") or {}
def secs(d):
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
    return sum(float(n) * units[u] for n, u in re.findall(r"(\d+)(ms|s|m|h|d|w|y)", d))
c = yaml.safe_load(open("loki/loki.yaml"))
ret = c["limits_config"]["retention_period"]
assert ret == s.get("retention", "30d"), ret
assert secs(ret) >= 86400 and secs(ret) % 86400 == 0, "retention must be whole days (index period 24h): " + ret
assert c["compactor"]["retention_enabled"] is True and c["compactor"]["delete_request_store"] == "filesystem"
assert c["auth_enabled"] is False and c["analytics"]["reporting_enabled"] is False
for sc in c["schema_config"]["configs"]:
    assert sc["store"] == "tsdb" and sc["schema"] == "v13" and sc["index"]["period"] == "24h"
a = open("loki/config.alloy").read()
code = "\n".join(l.split("//")[0] if not l.strip().startswith("url") else l for l in a.splitlines())
assert code.count("{") == code.count("}"), "unbalanced braces in config.alloy"
blocks = set(re.findall(r'^([a-z_.]+) "([a-z_]+)" \{', a, re.M))
for comp, label in set(re.findall(r"\b((?:discovery|loki)\.[a-z_.]+?)\.([a-z_]+)\.(?:targets|rules|receiver|output)\b", a)):
    assert (comp, label) in blocks, "reference to undefined %s \"%s\"" % (comp, label)
assert 'url = "http://loki:3100/loki/api/v1/push"' in a
assert "unix:///var/run/docker.sock" not in a and len(re.findall(r'^\s*host\s+= "tcp://loki-docker-proxy:2375"$', a, re.M)) == 2
dc = yaml.safe_load(open("docker-compose.prod.yml"))["services"]
proxy = dc["loki-docker-proxy"]
assert proxy["environment"]["POST"] == "0" and proxy["volumes"] == ["/var/run/docker.sock:/var/run/docker.sock:ro"]
for name in ("loki", "alloy", "loki-docker-proxy"):
    d = dc[name]
    assert d["networks"] == ["backend"] and "ports" not in d and d["read_only"] and d["cap_drop"] == ["ALL"], name
    assert not any("docker.sock" in v for v in d.get("volumes", [])) or name == "loki-docker-proxy", name
if ans["monitoring"]["enabled"]:
    ds = yaml.safe_load(open("monitoring/grafana/provisioning/datasources/loki.yaml"))["datasources"]
    assert [(d["type"], d["url"], d["editable"]) for d in ds] == [("loki", "http://loki:3100", False)]
print("loki: retention %s, alloy -> loki via read-only docker proxy" % ret)
