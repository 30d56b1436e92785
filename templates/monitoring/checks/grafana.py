"""grafana.ini hardening, provisioning and dashboards (argv[1]: monitoring/grafana)."""
import configparser, glob, json, sys, yaml
g = sys.argv[1]
c = configparser.ConfigParser(interpolation=None)
c.read(g + "/grafana.ini")
want = {("security", "cookie_secure"): "true", ("security", "cookie_samesite"): "strict",
        ("security", "content_security_policy"): "true", ("security", "disable_gravatar"): "true",
        ("auth.anonymous", "enabled"): "false", ("auth.anonymous", "hide_version"): "true",
        ("users", "allow_sign_up"): "false", ("snapshots", "external_enabled"): "false",
        ("analytics", "reporting_enabled"): "false", ("server", "enforce_domain"): "true",
        ("server", "serve_from_sub_path"): "true"}
for (s, k), v in want.items():
    assert c.get(s, k) == v, "grafana.ini [%s] %s != %s" % (s, k, v)
for k in ("admin_password", "secret_key"):
    assert c.get("security", k).startswith("$__file{/run/secrets/"), k
assert c.get("server", "root_url").startswith("https://")
# Single sign-on exactly when answered (monitoring.grafana.sso), and then the only way in.
sso = ((yaml.safe_load(open("scaffold.yaml")).get("monitoring") or {}).get("grafana") or {}).get("sso")
oauth = c["auth.generic_oauth"] if c.has_section("auth.generic_oauth") else {}
assert (oauth.get("enabled") == "true") == bool(sso), "[auth.generic_oauth] enabled does not follow monitoring.grafana.sso"
if sso:
    assert oauth["client_secret"].startswith("$__file{/run/secrets/"), "the OAuth client secret is not read from a secret file"
    for k in ("auth_url", "token_url", "api_url", "client_id"):
        assert oauth[k] == sso[k], "[auth.generic_oauth] %s != %s" % (k, sso[k])
    assert oauth.get("use_pkce") == "true", "[auth.generic_oauth] use_pkce"
    assert c.get("auth", "disable_login_form") == "true", "the password form stays open beside single sign-on"
ds = yaml.safe_load(open(g + "/provisioning/datasources/prometheus.yaml"))["datasources"]
uids = {d["uid"] for d in ds}
assert all(d.get("editable") is False for d in ds)
yaml.safe_load(open(g + "/provisioning/dashboards/dashboards.yaml"))
dash = glob.glob(g + "/dashboards/*.json")
assert len(dash) >= 2
for f in dash:
    for p in json.load(open(f))["panels"]:
        assert p["datasource"]["uid"] in uids, (f, p["title"])
print("grafana: ok, %d dashboards" % len(dash))
