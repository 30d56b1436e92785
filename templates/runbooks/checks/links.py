"""Each runbook (argv[1]) has the required sections, and every relative link and anchor resolves."""
import glob, os, re, sys
FENCE = re.compile(r"^\s*(```|~~~)")
def headings(path):
    """GitHub-style anchors of a Markdown file (outside code fences), with -1, -2 for repeats."""
    seen, out, fence = {}, set(), False
    for line in open(path, encoding="utf-8"):
        if FENCE.match(line):
            fence = not fence
            continue
        m = None if fence else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        text = re.sub(r"`([^`]*)`", r"\1", m.group(1))
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else "%s-%d" % (slug, n))
    return out
def links(path):
    fence = False
    for i, line in enumerate(open(path, encoding="utf-8"), 1):
        if FENCE.match(line):
            fence = not fence
            continue
        if fence:
            continue
        line = re.sub(r"`[^`]*`", "", line)
        for m in re.finditer(r"\]\(([^)\s]+)\)", line):
            yield i, m.group(1)
root = sys.argv[1]
required = ["purpose", "triggers", "preconditions--access", "steps", "verification",
            "rollback--abort", "escalation", "last-tested"]
errors, n = [], 0
cache = {}
for md in sorted(glob.glob(root + "/*.md")):
    name = os.path.basename(md)
    if name not in ("README.md", "alerts.md"):
        missing = [h for h in required if h not in headings(md)]
        if missing:
            errors.append("%s: missing sections %s" % (md, missing))
        if not re.search(r"^Last tested: ", open(md, encoding="utf-8").read(), re.M):
            errors.append("%s: no 'Last tested:' line" % md)
        body = open(md, encoding="utf-8").read()
        steps = re.search(r"^## Steps\n(.*?)(?=^## )", body, re.M | re.S)
        if not steps or not re.search(r"^\d+\. ", steps.group(1), re.M):
            errors.append("%s: the Steps section has no numbered steps" % md)
        if "```sh\n" not in body:
            errors.append("%s: no ```sh command block" % md)
    for line, target in links(md):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue  # https:, mailto:
        n += 1
        path, _, anchor = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(md), path)) if path else md
        if not os.path.exists(dest):
            errors.append("%s:%d: %s: no file %s" % (md, line, target, dest))
        elif anchor:
            if dest not in cache:
                cache[dest] = headings(dest) if dest.endswith(".md") else set()
            if anchor not in cache[dest]:
                errors.append("%s:%d: %s: no heading #%s in %s" % (md, line, target, anchor, dest))
if errors:
    sys.exit("\n".join(errors))
print("runbooks: sections present, %d relative links resolve" % n)
