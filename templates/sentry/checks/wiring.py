"""Sentry wiring: the app's environment and secret, CSP connect-src, the CI release job."""
import glob, yaml
ans = yaml.safe_load(open("scaffold.yaml"))
s = (ans.get("settings") or {}).get("sentry") or {}
host = s.get("ingest_host", "o0.ingest.sentry.io")
dc = yaml.safe_load(open("docker-compose.prod.yml"))
assert dc["secrets"]["sentry_dsn"]["file"] == "./secrets/sentry_dsn"
for svc in ans["services"]:
    app = dc["services"][svc["name"]]
    env = app["environment"]
    assert env["SENTRY_DSN_FILE"] == "/run/secrets/sentry_dsn", svc["name"]
    assert "sentry_dsn" in app["secrets"], svc["name"]
    assert "SENTRY_DSN" not in env, "the DSN must come from the secret file"
    assert env["SENTRY_RELEASE"].startswith("${IMAGE_TAG"), env["SENTRY_RELEASE"]
    rate = float(env["SENTRY_TRACES_SAMPLE_RATE"])
    assert 0 <= rate <= 1, rate
# the CSP of the proxy allows the ingest host
csp = [p for p in glob.glob("nginx/**/*.conf", recursive=True) + glob.glob("traefik/**/*.yml", recursive=True)
       + glob.glob("caddy/Caddyfile") if "connect-src" in open(p).read()]
assert csp, "no connect-src in the proxy configuration"
for p in csp:
    assert "https://" + host in open(p).read(), p
if ans["ci"] == "github":
    wf = yaml.safe_load(open(".github/workflows/release.yml"))
    job = wf["jobs"]["sentry-release"]
    assert job["needs"] == "image" and job["environment"] == "production"
    assert job["env"]["SENTRY_AUTH_TOKEN"] == "${{ secrets.SENTRY_AUTH_TOKEN }}"
else:
    ci = yaml.safe_load(open(".gitlab-ci.yml"))
    assert ci["sentry-release"]["environment"]["name"] == "production"
print("sentry: %d apps, CSP %s, CI release job" % (len(ans["services"]), host))
