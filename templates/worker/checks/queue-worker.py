"""The queue worker runs the app image on the backend network only, with a healthcheck, a grace
period and a scrape job.
"""
import yaml
ans = yaml.safe_load(open("scaffold.yaml"))
s = (ans.get("settings") or {}).get("worker") or {}
port = int(s.get("metrics_port", 9465))
node = ans["stack"]["runtime"] == "node"
dc = yaml.safe_load(open("docker-compose.prod.yml"))["services"]
if node and not ans["redis"]["enabled"]:
    assert "queue-worker" not in dc, "BullMQ needs Redis: no worker without redis.enabled"
    print("worker: Node without Redis, nothing rendered (enable redis)")
    raise SystemExit(0)
w = dc["queue-worker"]
first = ans["services"][0]["name"]
assert w["image"].split(":")[0] == dc[first]["image"].split(":")[0], "the worker reuses the app image"
assert w["networks"] == ["backend"] and "ports" not in w
assert w["read_only"] and w["cap_drop"] == ["ALL"] and w["user"] == dc[first]["user"]
assert w["environment"]["PORT"] == str(port)
assert "test" in w["healthcheck"] and w["stop_grace_period"] == s.get("stop_grace", "60s")
cmd = w["command"]
assert cmd == (["npm", "run", s.get("script", "worker")] if node else [s.get("script", "worker")]), cmd
if ans["monitoring"]["enabled"]:
    prom = yaml.safe_load(open("monitoring/prometheus/prometheus.yml"))
    job = [j for j in prom["scrape_configs"] if j["job_name"] == "queue-worker"][0]
    assert job["static_configs"][0]["targets"] == ["queue-worker:%d" % port]
print("worker: %s on :%d" % (" ".join(cmd), port))
