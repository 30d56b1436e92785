"""renovate.json: cooldown, pinning, managers, and no Dependabot beside it."""
import json, os, re, yaml
ans = yaml.safe_load(open("scaffold.yaml"))
c = json.load(open("renovate.json"))
for preset in ("config:recommended", "docker:pinDigests", "helpers:pinGitHubActionDigests"):
    assert preset in c["extends"], "extends lacks " + preset
days = int(((ans.get("settings") or {}).get("renovate") or {}).get("minimum_release_age_days", 7))
assert re.fullmatch(r"%d days?" % days, c["minimumReleaseAge"]), c["minimumReleaseAge"]
assert c["internalChecksFilter"] == "strict"
assert c["lockFileMaintenance"]["enabled"] is True
m = set(c["enabledManagers"])
want = {"dockerfile", "docker-compose", "npm" if ans["stack"]["runtime"] == "node" else "gomod"}
want |= {"github": {"github-actions"}, "gitlab": {"gitlabci"}}.get(ans["ci"], set())
if ans.get("cloud") == "aws":
    want.add("terraform")
assert want <= m, "managers missing: %s" % (want - m)
assert any(r.get("groupName") for r in c["packageRules"]), "no grouping rule"
assert not os.path.exists(".github/dependabot.yml"), "dependabot.yml beside renovate.json: two bots"
print("renovate.json: cooldown %s, managers %s" % (c["minimumReleaseAge"], sorted(m)))
