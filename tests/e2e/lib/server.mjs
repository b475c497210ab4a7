// A static server for the built site with a log of every request it receives.
//
// The privacy test reads this log: each entry records the method, the path and how many body
// bytes the request carried, so an upload of any kind would show up here.
import http from "node:http";
import fs from "node:fs/promises";
import path from "node:path";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
};

/** Every file of the built site as URL paths under `basePath`, plus `basePath` itself. */
export async function siteUrlPaths(root, basePath = "/") {
  const paths = new Set([basePath]);
  async function walk(directory) {
    for (const entry of await fs.readdir(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else {
        paths.add(basePath + path.relative(root, full).split(path.sep).join("/"));
      }
    }
  }
  await walk(root);
  return paths;
}

/**
 * Serves `root` at `basePath` on a free loopback port.
 * Returns `{ origin, url, requests, close }`; `requests` grows as requests arrive.
 */
export async function serveSite(root, { basePath = "/" } = {}) {
  const requests = [];
  const server = http.createServer((request, response) => {
    let bodyBytes = 0;
    request.on("data", (chunk) => {
      bodyBytes += chunk.length;
    });
    request.on("end", async () => {
      const { pathname } = new URL(request.url, "http://127.0.0.1");
      requests.push({ method: request.method, path: pathname, bodyBytes });
      if (request.method !== "GET" && request.method !== "HEAD") {
        response.writeHead(405).end();
        return;
      }
      if (!pathname.startsWith(basePath)) {
        response.writeHead(404).end();
        return;
      }
      let relative = decodeURIComponent(pathname.slice(basePath.length));
      if (relative === "" || relative.endsWith("/")) {
        relative += "index.html";
      }
      const file = path.resolve(root, relative);
      if (!file.startsWith(path.resolve(root) + path.sep)) {
        response.writeHead(404).end();
        return;
      }
      try {
        const body = await fs.readFile(file);
        response.writeHead(200, {
          "Content-Type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
          "Cache-Control": "no-cache",
        });
        response.end(request.method === "HEAD" ? undefined : body);
      } catch {
        response.writeHead(404).end();
      }
    });
  });
  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: origin + basePath,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(resolve);
      }),
  };
}
