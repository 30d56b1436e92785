"""N free TCP ports on 127.0.0.1 (argv[1]), bound at once so that they are distinct."""
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
