/** A small static server for `dist/` on loopback: what `npm start` and the browser tests use. */
import {createReadStream} from "node:fs";
import {stat} from "node:fs/promises";
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, normalize, resolve, sep} from "node:path";
import {fileURLToPath} from "node:url";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".arrow": "application/vnd.apache.arrow.file",
  ".onnx": "application/octet-stream",
  ".csv": "text/csv",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".wav": "audio/wav"
};

export interface Served {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function serveDir(dir: string, port = 0, host = "127.0.0.1"): Promise<Served> {
  const rootDir = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      let file = normalize(join(rootDir, path));
      if (file !== rootDir && !file.startsWith(rootDir + sep)) throw Object.assign(new Error("outside root"), {code: "ENOENT"});
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) file = join(file, "index.html");
      else if (!info && !extname(file)) file += ".html";
      info = await stat(file);
      res.writeHead(200, {"content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": info.size});
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, {"content-type": "text/plain"}).end("not found");
    }
  });
  await new Promise<void>((ok) => server.listen(port, host, ok));
  const {port: p} = server.address() as AddressInfo;
  return {url: `http://${host}:${p}`, server, close: () => new Promise((ok) => server.close(() => ok()))};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.env.PORT ?? 3000);
  const {url} = await serveDir(join(fileURLToPath(new URL("..", import.meta.url)), "dist"), port);
  process.stderr.write(`cry-report served at ${url}/ (Ctrl-C to stop)\n`);
}
