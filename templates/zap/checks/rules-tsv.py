""".zap/rules.tsv (argv[1]) is a valid zap-baseline rule file: known actions, no rule twice."""
import sys
seen = {}
for n, line in enumerate(open(sys.argv[1]), 1):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    f = line.split("\t")
    # zap_common.load_config splits on tabs into id, level, message
    assert len(f) == 3, "line %d: want <id>TAB<level>TAB(<message>)" % n
    assert f[0].isdigit(), "line %d: plugin id %r" % (n, f[0])
    assert f[1] in {"IGNORE", "INFO", "WARN", "FAIL", "OUTOFSCOPE"}, "line %d: level %r" % (n, f[1])
    assert f[0] not in seen, "line %d: plugin %s already on line %d" % (n, f[0], seen[f[0]])
    seen[f[0]] = n
for must in ("10035", "10021", "10038"):  # HSTS, nosniff, CSP: set by the proxy, so a regression fails
    assert must in seen, "no rule for " + must
print("rules.tsv: %d rules" % len(seen))
