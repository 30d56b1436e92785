"""The `-c name=value` settings of the compose `postgres` command, quoted for pg_ctl -o;
argv: NAME=VALUE overrides (an empty VALUE leaves NAME out).
"""
import shlex, sys, yaml
c = yaml.safe_load(open("docker-compose.prod.yml"))["services"]["postgres"]["command"]
assert c[0] == "postgres" and set(c[1::2]) == {"-c"}, c
here = dict(a.split("=", 1) for a in sys.argv[1:])
pairs = [v.split("=", 1) for v in c[2::2]]
print(" ".join("-c " + shlex.quote(f"{k}={here.get(k, v)}") for k, v in pairs if here.get(k, v)))
