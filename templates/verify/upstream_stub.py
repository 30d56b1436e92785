"""A stand-in app on 127.0.0.1:argv[1]: 404 on /scaffold-missing, 200 elsewhere, WebSocket echo."""
import socketserver, sys
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
            path = request.split()[1].decode()
            status = b"404 Not Found" if path.startswith("/scaffold-missing") else b"200 OK"
            self.wfile.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok")
            self.wfile.flush()
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer.daemon_threads = True
socketserver.ThreadingTCPServer(("127.0.0.1", int(sys.argv[1])), App).serve_forever()
