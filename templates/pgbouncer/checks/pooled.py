"""The apps reach PostgreSQL through pgbouncer, migrations directly, with no literal password."""
import yaml
ans = yaml.safe_load(open("scaffold.yaml"))
dc = yaml.safe_load(open("docker-compose.prod.yml"))["services"]
for s in ans["services"]:
    env = dc[s["name"]]["environment"]
    assert (env["DATABASE_HOST"], env["DATABASE_PORT"]) == ("pgbouncer", "6432"), s["name"]
assert dc["migrate"]["environment"]["DATABASE_HOST"] == "postgres", "migrations must bypass the pool"
p = dc["pgbouncer"]
assert p["networks"] == ["backend"] and "ports" not in p
assert "postgres_app_password" in p["secrets"]
assert p["read_only"] and p["cap_drop"] == ["ALL"]
ini = open("pgbouncer/pgbouncer.ini").read()
if ans["monitoring"]["enabled"]:
    e = dc["pgbouncer-exporter"]
    assert e["networks"] == ["backend"] and "ports" not in e and "postgres_app_password" in e["secrets"]
    prom = yaml.safe_load(open("monitoring/prometheus/prometheus.yml"))
    assert any(j["job_name"] == "pgbouncer-exporter" for j in prom["scrape_configs"])
assert "pool_mode = transaction" in ini and "auth_file = /run/pgbouncer/userlist.txt" in ini
print("pgbouncer: %d apps pooled, migrate direct" % len(ans["services"]))
