"""Rewrites a staged traefik/ (argv[1]) to run on loopback: entry points on 1808x, the compose labels
as file-provider routes, stand-in certificates instead of ACME, services pointed at argv[2].
"""
import glob, sys, yaml
t = sys.argv[1]
static = yaml.safe_load(open(f"{t}/traefik.yml"))
ports = {"web": 18080, "websecure": 18443, "internal": 18082}
for name, ep in static["entryPoints"].items():
    ep["address"] = f"127.0.0.1:{ports.get(name, 18090)}"
static["providers"]["file"]["directory"] = f"{t}/dynamic"
static["providers"].pop("docker", None)
resolvers = static.pop("certificatesResolvers", {}) or {}
static["entryPoints"]["websecure"].get("http", {}).get("tls", {}).pop("certResolver", None)
yaml.safe_dump(static, open(f"{t}/traefik.yml", "w"))
# What the docker provider would read from the compose labels, as file-provider config (no engine
# here): each container's routers attach to its one service, which is reached at <service>:<port>.
routes = {"routers": {}, "services": {}}
for name, svc in yaml.safe_load(open("docker-compose.prod.yml"))["services"].items():
    labels = svc.get("labels") or {}
    if labels.get("traefik.enable") != "true":
        continue
    tree = {}
    for key, value in labels.items():
        if key.startswith("traefik.http."):
            *path, leaf = key.split(".")[2:]
            node = tree
            for p in path:
                node = node.setdefault(p, {})
            node[leaf] = value
    (service, lb), = tree["services"].items()
    lb = lb["loadBalancer"]
    routes["services"][service] = {"loadBalancer": {"passHostHeader": lb.get("passHostHeader") == "true",
                                                    "servers": [{"url": f"http://{name}:{lb['server']['port']}"}]}}
    if "healthCheck" in lb:
        routes["services"][service]["loadBalancer"]["healthCheck"] = lb["healthCheck"]
    for router, r in tree["routers"].items():
        r.setdefault("service", service)
        for listed in ("entryPoints", "middlewares"):
            if listed in r:
                r[listed] = [v.strip() for v in r[listed].split(",")]
        if r.get("tls") == "true":
            r["tls"] = {}
        if "priority" in r:
            r["priority"] = int(r["priority"])
        routes["routers"][router] = r
if routes["routers"]:
    yaml.safe_dump({"http": routes}, open(f"{t}/dynamic/zz-docker-labels.yml", "w"))
for f in glob.glob(f"{t}/dynamic/*.yml"):
    d = yaml.safe_load(open(f)) or {}
    for r in ((d.get("http") or {}).get("routers") or {}).values():
        if isinstance(r.get("tls"), dict) and r["tls"].get("certResolver") in resolvers:
            r["tls"].pop("certResolver")
    for c in (d.get("tls") or {}).get("certificates") or []:
        c["certFile"], c["keyFile"] = f"{t}/chain.pem", f"{t}/leaf.key"
    yaml.safe_dump(d, open(f, "w"))
if resolvers:
    stub = {"tls": {"certificates": [{"certFile": f"{t}/chain.pem", "keyFile": f"{t}/leaf.key"}]}}
    yaml.safe_dump(stub, open(f"{t}/dynamic/zz-stand-in-cert.yml", "w"))
upstream = sys.argv[2]
if upstream:
    for f in glob.glob(f"{t}/dynamic/*.yml"):
        d = yaml.safe_load(open(f)) or {}
        for svc in ((d.get("http") or {}).get("services") or {}).values():
            for server in (svc.get("loadBalancer") or {}).get("servers") or []:
                server["url"] = f"http://{upstream}"
        yaml.safe_dump(d, open(f, "w"))
