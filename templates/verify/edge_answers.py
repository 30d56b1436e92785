"""The first public service's edge answers as shell assignments (limited, ws, stream, over, prefix)
for edge_behaviour to eval, and with monitoring.grafana.allow an IPv4 address inside the allowlist
(grafana_in, empty when it holds IPv6 networks only) and one outside it (grafana_out).
"""
import ipaddress, yaml
a = yaml.safe_load(open("scaffold.yaml"))
svc = next(s for s in a["services"] if s.get("public", True))
units = {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}
size = svc["max_body"]
num = int("".join(c for c in size if c.isdigit()))
print(f'limited={(svc.get("rate_limited_paths") or [""])[0]!r}')
print(f'ws={(svc.get("websocket_paths") or [""])[0]!r}')
print(f'stream={(svc.get("streaming_paths") or [""])[0]!r}')
print(f'over={num * units[size.lstrip("0123456789")] + 1024}')
print(f'prefix={svc.get("path", "/").rstrip("/")!r}')
allow = [ipaddress.ip_network(n, strict=False) for n in ((a.get("monitoring") or {}).get("grafana") or {}).get("allow") or []]
v4 = [n for n in allow if n.version == 4]
inside = str(next(iter(v4[0].hosts()), v4[0].network_address)) if v4 else ""
candidates = ["198.51.100.7", "192.0.2.7", "203.0.113.7", "100.64.0.7", "10.255.255.7"]
outside = next(c for c in candidates if not any(ipaddress.ip_address(c) in n for n in v4)) if allow else ""
print(f"grafana_in={inside!r}")
print(f"grafana_out={outside!r}")
