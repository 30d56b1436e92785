"""The first public service's edge answers as shell assignments (limited, ws, stream, over, prefix) for
edge_behaviour to eval.
"""
import yaml
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
