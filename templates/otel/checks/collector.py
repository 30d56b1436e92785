"""otel/otel-collector.yaml: receivers, processors, exporters and the traces pipeline."""
import yaml
ans = yaml.safe_load(open("scaffold.yaml"))
s = (ans.get("settings") or {}).get("otel") or {}
backend = s.get("backend", "tempo")
c = yaml.safe_load(open("otel/otel-collector.yaml"))
rec, proc, exp, svc = c["receivers"], c["processors"], c["exporters"], c["service"]
assert rec["otlp"]["protocols"]["grpc"]["endpoint"] == "0.0.0.0:4317"
assert rec["otlp"]["protocols"]["http"]["endpoint"] == "0.0.0.0:4318"
assert {"memory_limiter", "batch"} <= set(proc)
assert proc["memory_limiter"]["limit_mib"] > proc["memory_limiter"]["spike_limit_mib"] > 0
for name, p in svc["pipelines"].items():
    for kind, declared in (("receivers", rec), ("processors", proc), ("exporters", exp)):
        for ref in p[kind]:
            assert ref in declared, "%s: %s %s not declared" % (name, kind, ref)
    # memory_limiter must run first, batch last (collector guidance)
    assert p["processors"][0] == "memory_limiter" and p["processors"][-1] == "batch", p["processors"]
for e in svc.get("extensions", []):
    assert e in c["extensions"], e
tr = svc["pipelines"]["traces"]
assert [exp[e]["endpoint"] for e in tr["exporters"]] == ["%s:4317" % backend], tr["exporters"]
dc = yaml.safe_load(open("docker-compose.prod.yml"))["services"]
for name in ("otel-collector", backend):
    d = dc[name]
    assert d["networks"] == ["backend"] and "ports" not in d, name
    assert d["read_only"] and d["cap_drop"] == ["ALL"] and ":" in d["image"] and not d["image"].endswith(":latest"), name
for a in ans["services"]:
    env = dc[a["name"]]["environment"]
    assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318" and env["OTEL_SERVICE_NAME"], a["name"]
if backend == "tempo":
    t = yaml.safe_load(open("otel/tempo.yaml"))
    assert t["compactor"]["compaction"]["block_retention"] == s.get("retention", "168h")
    assert t["storage"]["trace"]["backend"] == "local"
ds = "monitoring/grafana/provisioning/datasources/otel.yaml"
if ans["monitoring"]["enabled"]:
    d = yaml.safe_load(open(ds))["datasources"]
    assert [x["type"] for x in d] == [backend] and all(x["editable"] is False for x in d)
print("otel: collector -> %s, %d apps instrumented" % (backend, len(ans["services"])))
