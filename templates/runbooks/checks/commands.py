"""The runbooks' commands name real compose services, secrets and Terraform outputs; every alert's
runbook_url target exists.
"""
import glob, os, re, sys, yaml
compose = yaml.safe_load(open("docker-compose.prod.yml"))
services = set(compose["services"])
secrets = set(compose.get("secrets") or {})
volumes = set(compose.get("volumes") or {})
outputs_tf = "infra/terraform/envs/production/outputs.tf"
outputs = set(re.findall(r'^output\s+"([^"]+)"', open(outputs_tf).read(), re.M)) if os.path.exists(outputs_tf) else None
# Options of `docker compose <cmd>` that take a value (the next word is not a service).
VALUE_OPTS = {"--tail", "--since", "--until", "-s", "--signal", "-u", "--user", "-e", "--env", "-w",
              "--workdir", "--entrypoint", "--wait-timeout", "--format", "-t", "--timeout", "--index",
              "--scale", "--name", "-v", "--volume", "-p", "--publish", "--pull", "--filter", "--status"}
WITH_COMMAND = {"exec", "run"}          # service, then the command run in it
SERVICE_ARGS = {"ps", "logs", "up", "restart", "stop", "start", "kill", "pull", "top", "rm",
                "create", "images", "pause", "unpause", "port", "events", "wait"}
errors, checked = [], 0
def sh_blocks(md):
    out, cur, inblock = [], None, False
    for line in open(md, encoding="utf-8"):
        s = line.strip()
        if s.startswith("```"):
            if not inblock:
                inblock, cur = True, ([] if s in ("```sh", "```bash", "```shell") else None)
            else:
                inblock = False
                if cur is not None:
                    out.append("\n".join(cur).replace("\\\n", " "))
            continue
        if inblock and cur is not None:
            cur.append(s)
    return out
def inline_code(md):
    return re.findall(r"`([^`\n]+)`", open(md, encoding="utf-8").read())
for md in sorted(glob.glob("docs/runbooks/*.md")):
    if os.path.basename(md) == "alerts.md":
        continue  # monitoring's own check covers it
    text = open(md, encoding="utf-8").read()
    snippets = [l for b in sh_blocks(md) for l in b.split("\n")] + inline_code(md)
    for snip in snippets:
        snip = snip.replace("docker compose -f docker-compose.prod.yml", "dc")
        for part in re.split(r"&&|\|\||[|;]|\$\(", snip):
            words = part.split()
            while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):
                words = words[1:]  # VAR=value prefix
            if len(words) < 2 or words[0] != "dc":
                continue
            words = [w.strip("\"')") for w in words[1:]]
            while words and words[0].startswith("-"):
                words = words[1:]  # global options (none used with a value)
            if not words:
                continue
            cmd, args = words[0], words[1:]
            names, i = [], 0
            while i < len(args):
                a = args[i]
                if a in VALUE_OPTS:
                    if a == "--scale" and i + 1 < len(args):
                        names.append(args[i + 1].split("=")[0])
                    i += 2
                    continue
                if a.startswith("-"):
                    if a.startswith("--scale="):
                        names.append(a[8:].split("=")[0])
                    i += 1
                    continue
                names.append(a)
                if cmd in WITH_COMMAND:
                    break
                i += 1
            if cmd not in WITH_COMMAND | SERVICE_ARGS:
                continue
            for s in names:
                if s.startswith("<") or s.startswith("$"):
                    continue  # placeholder
                checked += 1
                if s not in services:
                    errors.append("%s: `dc %s` names service %r, not in docker-compose.prod.yml" % (md, cmd, s))
    references = [
        (r"(?<![\w/.-])(?:\./)?secrets/([A-Za-z0-9_]+)", secrets, "secrets/%s is not a compose secret"),
        (r"/run/secrets/([A-Za-z0-9_]+)", secrets, "/run/secrets/%s is not a compose secret"),
        (r"volume `([a-z0-9][a-z0-9_.-]*)`", volumes, "volume %s is not a compose volume"),
    ]
    for pattern, known, wrong in references:
        for name in re.findall(pattern, text):
            checked += 1
            if name not in known:
                errors.append("%s: %s" % (md, wrong % name))
    for name in re.findall(r"\bterraform\b[^\n`]*?\boutput\b(?:\s+-\w+)*\s+([a-z][a-z0-9_]*)", text):
        checked += 1
        if outputs is None:
            errors.append("%s: terraform output %s, but there is no %s" % (md, name, outputs_tf))
        elif name not in outputs:
            errors.append("%s: terraform output %s is not in %s" % (md, name, outputs_tf))
# Every alert's runbook_url must land on a heading.
def anchors(path):
    fence, seen, out = False, {}, set()
    for line in open(path, encoding="utf-8"):
        if re.match(r"^\s*(```|~~~)", line):
            fence = not fence
            continue
        m = None if fence else re.match(r"^#{1,6}\s+(.*?)\s*$", line)
        if m:
            t = re.sub(r"`([^`]*)`", r"\1", m.group(1))
            slug = re.sub(r"[^\w\- ]", "", t.strip().lower()).replace(" ", "-")
            k = seen.get(slug, 0)
            seen[slug] = k + 1
            out.add(slug if k == 0 else "%s-%d" % (slug, k))
    return out
for f in sorted(glob.glob("monitoring/prometheus/rules/*.yml")):
    for g in (yaml.safe_load(open(f)) or {}).get("groups", []):
        for r in g.get("rules", []):
            url = (r.get("annotations") or {}).get("runbook_url")
            if "alert" not in r:
                continue
            checked += 1
            if not url:
                errors.append("%s: alert %s has no runbook_url" % (f, r["alert"]))
                continue
            path, _, anchor = url.partition("#")
            if not os.path.exists(path):
                errors.append("%s: %s runbook_url %s: no file" % (f, r["alert"], url))
            elif anchor and anchor not in anchors(path):
                errors.append("%s: %s runbook_url %s: no such heading" % (f, r["alert"], url))
# Links to alert sections name alerts that exist in the rules (not just a leftover heading).
alert_names = set()
for f in glob.glob("monitoring/prometheus/rules/*.yml"):
    for g in (yaml.safe_load(open(f)) or {}).get("groups", []):
        alert_names |= {r["alert"].lower() for r in g.get("rules", []) if "alert" in r}
for md in sorted(glob.glob("docs/runbooks/*.md")):
    if os.path.basename(md) == "alerts.md":
        continue
    for a in re.findall(r"\]\(alerts\.md#([\w-]+)\)", open(md, encoding="utf-8").read()):
        checked += 1
        if a not in alert_names:
            errors.append("%s: links to alert %r, which no rule in monitoring/prometheus/rules defines" % (md, a))
# No generated secret value is ever written into a runbook.
values = [open(f).read().strip() for f in glob.glob("secrets/*") if os.path.isfile(f) and not f.endswith(".gitignore")]
for md in sorted(glob.glob("docs/runbooks/*.md")):
    text = open(md, encoding="utf-8").read()
    checked += 1
    if any(v and len(v) >= 12 and v in text for v in values):
        errors.append("%s: contains the value of a file in secrets/" % md)
    # Generated secrets look like 43 URL-safe characters: no such token belongs in a runbook.
    for tok in re.findall(r"(?<![\w-])[A-Za-z0-9_-]{32,}(?![\w-])", text):
        if len(re.findall(r"[0-9]", tok)) >= 3 and re.search(r"[A-Z]", tok) and re.search(r"[a-z]", tok):
            errors.append("%s: %s... looks like a secret value" % (md, tok[:6]))
# The severity table of the incident runbook names the receivers Alertmanager really routes to.
am, ir = "monitoring/alertmanager/alertmanager.yml", "docs/runbooks/incident-response.md"
if os.path.exists(am) and os.path.exists(ir):
    routes = {}
    for r in (yaml.safe_load(open(am)).get("route") or {}).get("routes", []):
        for m in r.get("matchers", []):
            mm = re.fullmatch(r'severity="(\w+)"', m)
            if mm:
                routes[mm.group(1)] = r["receiver"]
    table = dict(re.findall(r"^\| `(\w+)` \| receiver `([\w-]+)`", open(ir).read(), re.M))
    for sev in ("critical", "warning", "info"):
        checked += 1
        if table.get(sev) != routes.get(sev):
            errors.append("%s: severity %s goes to receiver %r, the runbook says %r" % (am, sev, routes.get(sev), table.get(sev)))
if errors:
    sys.exit("\n".join(errors))
print("runbooks: %d service, secret, volume, output and runbook_url references resolve" % checked)
