"""Every job's script of .gitlab-ci.yml (extends resolved) through shellcheck, as the runner's sh."""
import os, subprocess, sys, tempfile, yaml
doc = yaml.safe_load(open(".gitlab-ci.yml"))
def resolve(name):
    job = dict(doc[name]); parents = job.pop("extends", [])
    merged = {}
    for parent in [parents] if isinstance(parents, str) else parents:
        merged.update(resolve(parent))
    merged.update(job)
    return merged
failed = False
for name, job in doc.items():
    if name.startswith(".") or not isinstance(job, dict) or "script" not in job:
        continue
    job = resolve(name)
    body = "\n".join(job.get("before_script", []) + job.get("script", []))
    with tempfile.NamedTemporaryFile("w", suffix=".sh", dir=os.environ["SCRATCH"], delete=False) as f:
        f.write("#!/bin/sh\n" + body + "\n")
    r = subprocess.run(["shellcheck", "-s", "sh", "-e", "SC2086", f.name], capture_output=True, text=True)
    if r.returncode:
        failed = True
        print(f"job {name}:\n{r.stdout}")
sys.exit(1 if failed else 0)
