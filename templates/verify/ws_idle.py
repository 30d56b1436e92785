"""A WebSocket through the edge (argv: CA, host, port, path) must upgrade and stay open 65 s idle."""
import socket, ssl, sys, time
ca, host, port, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ctx = ssl.create_default_context(cafile=ca)
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname=host)
s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
head = s.recv(4096).decode(errors="replace")
assert head.startswith("HTTP/1.1 101"), f"no WebSocket upgrade: {head!r}"
time.sleep(65)
s.sendall(b"still-open")
s.settimeout(10)
assert s.recv(64) == b"still-open", "the WebSocket did not survive 65 s idle"
