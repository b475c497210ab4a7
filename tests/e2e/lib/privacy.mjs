// The privacy rule, as a checker over recorded requests: the page may only GET files of its own
// built site, from its own origin, without a body. Anything else could carry patient data away.

/**
 * Returns a sentence per request that breaks the rule; an empty list means the page kept to it.
 *
 * `requests`: `{ url, method, bodyBytes }` as recorded by the browser or the server;
 * `origin`: the site's origin; `sitePaths`: URL paths of the built site's files.
 */
export function findPrivacyViolations(requests, { origin, sitePaths }) {
  const violations = [];
  for (const request of requests) {
    const url = new URL(request.url, origin);
    if (url.protocol === "data:" || url.protocol === "blob:") {
      continue;
    }
    if (url.origin !== origin) {
      violations.push(`${request.method} ${request.url}: request to another origin (${url.origin})`);
      continue;
    }
    if (request.method !== "GET") {
      violations.push(`${request.method} ${url.pathname}: only GET is allowed`);
    }
    if (request.bodyBytes > 0) {
      violations.push(`${request.method} ${url.pathname}: carried a ${request.bodyBytes}-byte body`);
    }
    if (!sitePaths.has(url.pathname)) {
      violations.push(`${request.method} ${url.pathname}: not a file of the built site`);
    }
  }
  return violations;
}
