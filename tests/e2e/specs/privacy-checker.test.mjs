// The privacy checker must catch every way a page could send data away; these recorded request
// lists show that it fails when it should, so a passing privacy test means something.
import { test } from "node:test";
import assert from "node:assert/strict";
import { findPrivacyViolations } from "../lib/privacy.mjs";

const origin = "http://127.0.0.1:8080";
const sitePaths = new Set(["/", "/index.html", "/edxview-1a2b.js", "/edxview-1a2b_bg.wasm"]);
const check = (requests) => findPrivacyViolations(requests, { origin, sitePaths });

test("a page that only loads its own files passes", () => {
  assert.deepEqual(
    check([
      { url: `${origin}/`, method: "GET", bodyBytes: 0 },
      { url: `${origin}/edxview-1a2b_bg.wasm`, method: "GET", bodyBytes: 0 },
      { url: "data:image/png;base64,AAAA", method: "GET", bodyBytes: 0 },
    ]),
    [],
  );
});

test("a request to another origin is caught", () => {
  const violations = check([{ url: "https://analytics.example.com/collect?id=1", method: "GET", bodyBytes: 0 }]);
  assert.equal(violations.length, 1);
  assert.match(violations[0], /another origin/);
});

test("a POST with a body to the same origin is caught twice: method and body", () => {
  const violations = check([{ url: `${origin}/index.html`, method: "POST", bodyBytes: 2048 }]);
  assert.equal(violations.length, 2);
  assert.match(violations.join("\n"), /only GET/);
  assert.match(violations.join("\n"), /2048-byte body/);
});

test("a GET that smuggles data in a path that is not a site file is caught", () => {
  const violations = check([{ url: `${origin}/upload/patient-123.edf`, method: "GET", bodyBytes: 0 }]);
  assert.deepEqual(violations, ["GET /upload/patient-123.edf: not a file of the built site"]);
});

test("a beacon to a loopback port of another origin is caught", () => {
  const violations = check([{ url: "http://127.0.0.1:9999/beacon", method: "POST", bodyBytes: 10 }]);
  assert.equal(violations.length, 1);
  assert.match(violations[0], /another origin \(http:\/\/127\.0\.0\.1:9999\)/);
});
