"""A stand-in app on 127.0.0.1:argv[1]: 404 on /scaffold-missing, 200 elsewhere, WebSocket echo,
and to `Accept: text/event-stream` a stream of two events 5 s apart (an edge that buffers the
response holds back the first until the second)."""
import socketserver, sys, time
class App(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            request = self.rfile.readline()
            if not request:
                return
            headers = {}
            while (line := self.rfile.readline().decode(errors="replace").strip()):
                k, _, v = line.partition(":")
                headers[k.strip().lower()] = v.strip()
            if headers.get("upgrade", "").lower() == "websocket":
                self.wfile.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
                self.wfile.flush()
                while (data := self.request.recv(4096)):
                    self.request.sendall(data)
                return
            self.rfile.read(int(headers.get("content-length", "0")))
            if headers.get("accept") == "text/event-stream":
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                                 b"Transfer-Encoding: chunked\r\n\r\n")
                try:
                    for event in (b"data: first\n\n", b"data: second\n\n"):
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
                        self.wfile.flush()
                        time.sleep(5)
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                except OSError:
                    return  # the client gave up after the first event, as the check does
                continue
            path = request.split()[1].decode()
            status = b"404 Not Found" if path.startswith("/scaffold-missing") else b"200 OK"
            self.wfile.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok")
            self.wfile.flush()
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer.daemon_threads = True
socketserver.ThreadingTCPServer(("127.0.0.1", int(sys.argv[1])), App).serve_forever()
