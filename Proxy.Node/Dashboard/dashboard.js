// The dashboard: polls the node's JSON API every 2 s and renders the page named by the hash.
// Plain script, no build step, no network beyond the node that served it (docs/dashboard.md).
"use strict";

const POLL_MS = 2000;
const state = { data: null, metrics: null, rates: null, counts: null, attemptRates: null, error: null };

const esc = v => String(v ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const list = v => (v && v.length ? v.map(esc).join(", ") : '<span class="muted">—</span>');
const status = s => `<span class="${esc(s)}">${esc(s)}</span>`;
const link = (kind, name) => `<a href="#/${kind}/${encodeURIComponent(name)}">${esc(name)}</a>`;
const table = (headers, rows, empty) => rows.length
  ? `<table><tr>${headers.map(h => `<th>${esc(h)}</th>`).join("")}</tr>${rows.map(r => `<tr>${r.map(c => `<td>${c}</td>`).join("")}</tr>`).join("")}</table>`
  : `<p class="muted">${esc(empty)}</p>`;

async function getJson(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (!response.ok) return path === "/cluster/members" ? { httpStatus: response.status } : null;
  return response.json();
}

async function poll() {
  try {
    const [overview, entryPoints, routers, services, middlewares, errors, cluster, certificates] = await Promise.all([
      getJson("/api/overview"), getJson("/api/entrypoints"), getJson("/api/http/routers"),
      getJson("/api/http/services"), getJson("/api/http/middlewares"), getJson("/api/errors"),
      getJson("/cluster/members").catch(() => null), getJson("/api/tls/certificates"),
    ]);
    state.data = { overview, entryPoints, routers, services, middlewares, errors, cluster, certificates };
    state.error = null;
    countAttempts(services ?? []);
  } catch (e) {
    state.error = `API unreachable: ${e.message}`;
  }
  await scrapeMetrics();
  render();
  document.getElementById("updated").textContent = state.error ?? `updated ${new Date().toLocaleTimeString()}`;
}

// ---- metrics: rates and p99 from the difference between two scrapes of /metrics ----

async function scrapeMetrics() {
  let text = null;
  try {
    const response = await fetch("/metrics", { cache: "no-store" });
    if (response.ok) text = await response.text();
  } catch { /* unavailable */ }
  if (text === null) { state.metrics = null; state.rates = null; return; }
  const current = { at: performance.now(), services: parseMetrics(text) };
  if (state.metrics) state.rates = computeRates(state.metrics, current);
  state.metrics = current;
}

function parseLabels(s) {
  const labels = {};
  for (const m of s.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]] = m[2].replace(/\\(.)/g, "$1");
  return labels;
}

// Per service: requests and errors (5xx) totals, and the cumulative duration buckets by le.
function parseMetrics(text) {
  const services = {};
  const of = name => (services[name] ??= { requests: 0, errors: 0, buckets: {} });
  for (const line of text.split("\n")) {
    const m = line.match(/^(proxy_service_requests_total|proxy_service_request_duration_seconds_bucket)\{([^}]*)\}\s+(\S+)/);
    if (!m) continue;
    const labels = parseLabels(m[2]);
    const value = Number(m[3]);
    if (!labels.service || Number.isNaN(value)) continue;
    const s = of(labels.service);
    if (m[1] === "proxy_service_requests_total") {
      s.requests += value;
      if (/^5/.test(labels.code ?? "")) s.errors += value;
    } else {
      s.buckets[labels.le] = (s.buckets[labels.le] ?? 0) + value;
    }
  }
  return services;
}

function computeRates(before, after) {
  const seconds = (after.at - before.at) / 1000;
  const rates = {};
  for (const [name, now] of Object.entries(after.services)) {
    const then = before.services[name] ?? { requests: 0, errors: 0, buckets: {} };
    const requests = Math.max(0, now.requests - then.requests);
    const errors = Math.max(0, now.errors - then.errors);
    const buckets = Object.keys(now.buckets)
      .map(le => ({ le: le === "+Inf" ? Infinity : Number(le), count: Math.max(0, now.buckets[le] - (then.buckets[le] ?? 0)) }))
      .sort((a, b) => a.le - b.le);
    rates[name] = { rps: requests / seconds, eps: errors / seconds, errorRatio: requests ? errors / requests : 0, p99: quantile(0.99, buckets) };
  }
  return rates;
}

// Prometheus's histogram_quantile: linear interpolation inside the bucket that holds the rank.
function quantile(q, buckets) {
  const total = buckets.length ? buckets[buckets.length - 1].count : 0;
  if (!total) return null;
  const rank = q * total;
  let lowerLe = 0, lowerCount = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return lowerLe;
      return lowerLe + (b.le - lowerLe) * (rank - lowerCount) / Math.max(1, b.count - lowerCount);
    }
    lowerLe = b.le; lowerCount = b.count;
  }
  return lowerLe;
}

// ---- without metrics: attempts per second from the API's per-server counters ----

// The API counts attempts (retries included) and failed attempts per server whether or not metrics
// are on: two polls give a live rate even on a node with the default --metrics.prometheus=false.
function countAttempts(services) {
  const current = { at: performance.now(), services: {} };
  for (const s of services) {
    const servers = s.servers ?? [];
    current.services[s.name] = {
      requests: servers.reduce((n, v) => n + (v.requests ?? 0), 0),
      failures: servers.reduce((n, v) => n + (v.failures ?? 0), 0),
    };
  }
  if (state.counts) {
    const seconds = (current.at - state.counts.at) / 1000;
    state.attemptRates = {};
    for (const [name, now] of Object.entries(current.services)) {
      const then = state.counts.services[name] ?? { requests: 0, failures: 0 };
      const requests = Math.max(0, now.requests - then.requests), failures = Math.max(0, now.failures - then.failures);
      state.attemptRates[name] = { rps: requests / seconds, fps: failures / seconds, failureRatio: requests ? failures / requests : 0 };
    }
  }
  state.counts = current;
}

function serviceRates(name) {
  if (!state.rates) return null;
  return state.rates[name] ?? state.rates[name.replace(/@[^@]*$/, "")] ?? { rps: 0, eps: 0, errorRatio: 0, p99: null };
}

// What the rate cells show: from /metrics when it answers, else attempts from the API (no 5xx, no p99).
function rateCells(name) {
  const r = serviceRates(name);
  if (r) return [fmt.rate(r.rps), `${fmt.rate(r.eps)} (${fmt.pct(r.errorRatio)})`, fmt.ms(r.p99)];
  const a = !state.metrics && state.attemptRates ? state.attemptRates[name] : null;
  if (a) return [`<span class="attempts">${fmt.rate(a.rps)}</span>`, `<span class="attempts">${fmt.rate(a.fps)} (${fmt.pct(a.failureRatio)})</span>`, "—"];
  return ["—", "—", "—"];
}

function rateLine(name) {
  const r = serviceRates(name);
  if (r) return `<p id="rates">${fmt.rate(r.rps)} req/s · ${fmt.rate(r.eps)} 5xx/s · p99 ${fmt.ms(r.p99)}</p>`;
  const a = !state.metrics && state.attemptRates ? state.attemptRates[name] : null;
  return a ? `<p id="rates">${fmt.rate(a.rps)} attempts/s · ${fmt.rate(a.fps)} failed attempts/s</p>` : "";
}

function metricsNote() {
  if (!state.metrics) {
    return '<p class="banner" id="metrics-unavailable">metrics unavailable: /metrics does not answer on this node '
      + "(<code>--metrics.prometheus=true</code> turns it on). Shown instead: attempts per second from the API's server counters "
      + "(retries included) and failed attempts (connection errors, timeouts; not 5xx answers); p99 needs metrics.</p>";
  }
  if (!state.rates) return '<p class="muted">metrics: waiting for a second scrape…</p>';
  return "";
}

const fmt = {
  rate: v => (v == null ? "—" : v.toFixed(v < 10 ? 2 : 1)),
  ms: v => (v == null ? "—" : `${(v * 1000).toFixed(1)} ms`),
  pct: v => `${(v * 100).toFixed(1)}%`,
};

// ---- pages ----

const kinds = { routers: "routers", services: "services", middlewares: "middlewares" };

function errorsOf(objects) {
  return objects.flatMap(o => (o.errorDetails ?? []).map(e => ({ object: o, ...e })));
}

function overviewPage(d) {
  const counts = (title, kind, c) => `<div class="card"><div class="muted">${title}</div><div class="n"><a href="#/${kind}">${c.total}</a></div>
    <div><span class="${c.warnings ? "warning" : "muted"}">${c.warnings} warnings</span> · <span class="${c.errors ? "disabled" : "muted"}">${c.errors} errors</span></div></div>`;
  const http = d.overview?.http ?? { routers: {}, services: {}, middlewares: {} };
  const objectErrors = Object.entries(kinds).flatMap(([kind, key]) => errorsOf(d[key] ?? []).map(e => ({ kind, ...e })));
  const providerErrors = (d.overview?.providers ?? []).filter(p => p.error).flatMap(p => p.error.map(message => ({ provider: p.name, message })));
  return `<h2>Entry points</h2>
    ${table(["name", "address"], (d.entryPoints ?? []).map(e => [esc(e.name), `<code>${esc(e.address)}</code>`]), "No entry points.")}
    <h2>HTTP</h2>
    <div class="cards">${counts("Routers", "routers", http.routers)}${counts("Services", "services", http.services)}${counts("Middlewares", "middlewares", http.middlewares)}</div>
    <h2>Configuration errors</h2>
    ${table(["object", "source", "path", "message"], objectErrors.map(e => [
      `${e.kind.slice(0, -1)} ${link(e.kind, e.object.name)}`, esc(e.source), `<code>${esc(e.path)}</code>`, `<span class="error">${esc(e.message)}</span>`]),
      "No configuration errors.")}
    ${providerErrors.length ? table(["provider", "message"], providerErrors.map(e => [esc(e.provider), `<span class="error">${esc(e.message)}</span>`]), "") : ""}
    <p class="muted">Configuration version ${esc(d.overview?.configurationVersion)} · ${(d.errors ?? []).length} errors in all (<code>/api/errors</code>)</p>`;
}

function routersPage(d) {
  return `<h2>Routers</h2>${table(["name", "rule", "entry points", "middlewares", "service", "status", "errors"],
    (d.routers ?? []).map(r => [link("routers", r.name), `<code>${esc(r.rule)}</code>`, list(r.entryPoints), list(r.middlewares),
      r.service ? link("services", r.service.includes("@") ? r.service : `${r.service}@${r.provider}`) : "—", status(r.status), errorCell(r)]),
    "No routers.")}`;
}

function errorCell(o) {
  return o.error ? `<span class="error">${o.error.map(esc).join("<br>")}</span>` : "";
}

// A server's source is docker:<host>/<container> (the host may hold slashes, a container name cannot) or file:<path>.
function sourceCell(source) {
  if (!source) return '<span class="muted">—</span>';
  if (source.startsWith("docker:")) {
    const rest = source.slice("docker:".length), cut = rest.lastIndexOf("/");
    return `Docker host <code>${esc(rest.slice(0, cut))}</code><br>container <code>${esc(rest.slice(cut + 1))}</code>`;
  }
  if (source.startsWith("file:")) return `file <code>${esc(source.slice("file:".length))}</code>`;
  return esc(source);
}

function serversTable(s) {
  return table(["server", "status", "reason", "weight", "in flight", "requests", "failures", "source", "discovered by (nodes)"],
    (s.servers ?? []).map(v => [`<code>${esc(v.url)}</code>`, status(v.status), esc(v.reason), esc(v.weight), esc(v.inFlight),
      esc(v.requests), esc(v.failures), sourceCell(v.source), list(v.discoveredBy)]),
    "No servers.");
}

function servicesPage(d) {
  const rows = (d.services ?? []).map(s => {
    const servers = s.servers ?? [];
    const up = servers.filter(v => v.status === "UP").length;
    return [link("services", s.name), esc(s.type), status(s.status), s.type === "internal" ? '<span class="muted">—</span>' : `${up}/${servers.length} UP`,
      servers.map(v => `<code>${esc(v.url)}</code> ${status(v.status)}`).join("<br>"),
      // An internal service has no servers to count attempts on.
      ...(s.type === "internal" && !state.metrics ? ["—", "—", "—"] : rateCells(s.name)), errorCell(s)];
  });
  const [rateHeader, errorHeader] = state.metrics ? ["req/s", "5xx/s"] : ["attempts/s", "failed attempts/s"];
  return `<h2>Services</h2>${metricsNote()}${table(["name", "type", "status", "servers up", "servers", rateHeader, errorHeader, "p99", "errors"], rows, "No services.")}`;
}

function middlewaresPage(d) {
  return `<h2>Middlewares</h2>${table(["name", "type", "used by", "status", "errors"],
    (d.middlewares ?? []).map(m => [link("middlewares", m.name), esc(m.type), list(m.usedBy), status(m.status), errorCell(m)]),
    "No middlewares.")}`;
}

function detailPage(d, kind, name) {
  const o = (d[kind] ?? []).find(x => x.name === name);
  if (!o) return `<h2>${esc(name)}</h2><p class="muted">No ${esc(kind.slice(0, -1))} of that name (any more).</p>`;
  const fields = Object.entries(o).filter(([k]) => !["error", "errorDetails", "servers", "serverStatus", "name"].includes(k));
  const rates = kind === "services" ? rateLine(o.name) : "";
  return `<h2>${esc(kind.slice(0, -1))} ${esc(o.name)} ${status(o.status)}</h2>
    ${o.errorDetails ? `<h2>Errors</h2>${table(["source", "path", "message"], o.errorDetails.map(e => [esc(e.source), `<code>${esc(e.path)}</code>`, `<span class="error">${esc(e.message)}</span>`]), "")}` : ""}
    ${kind === "services" ? `<h2>Servers</h2><div id="servers">${serversTable(o)}</div>${metricsNote()}${rates}` : ""}
    <h2>Configuration</h2>${table(["field", "value"], fields.map(([k, v]) => [esc(k), `<code>${esc(typeof v === "object" ? JSON.stringify(v) : v)}</code>`]), "")}`;
}

// Days left, flagged once a certificate is inside the last third of its life (where ACME renews it).
function expiryCell(c) {
  if (!c.notAfter) return '<span class="muted">—</span>';
  const left = (Date.parse(c.notAfter) - Date.now()) / 86400000;
  const life = (Date.parse(c.notAfter) - Date.parse(c.notBefore)) / 86400000;
  const cls = left < 0 ? "disabled" : left < life / 3 ? "warning" : "";
  return `${esc(c.notAfter)}<br><span class="${cls}">${left < 0 ? "expired" : `${Math.floor(left)} days left`}</span>`;
}

function certificateSource(c) {
  if (c.source === "acme") return `ACME resolver <code>${esc(c.resolver ?? "")}</code>${c.orderedBy ? `<br>ordered by <code>${esc(c.orderedBy)}</code> at ${esc(c.obtainedAt)}` : ""}`;
  if (c.certFile) return `${c.source === "default" ? "default, " : ""}file <code>${esc(c.certFile)}</code>`;
  return esc(c.source);
}

function certificatesPage(d) {
  const rows = (d.certificates ?? []).map(c => [
    `<code>${esc(c.name)}</code>`, c.domains ? `${esc(c.domains.main ?? "")}${c.domains.sans?.length ? `<br><span class="muted">${list(c.domains.sans)}</span>` : ""}` : "—",
    certificateSource(c), expiryCell(c), esc(c.nextRenewal ?? ""), esc(c.issuer ?? ""),
    c.serial ? `<code>${esc(c.serial)}</code><br><code class="muted">${esc(c.sha256)}</code>` : "—", status(c.status), errorCell(c)]);
  return `<h2>TLS certificates</h2>${table(["name", "domains", "source", "not after", "next renewal", "issuer", "serial / SHA-256", "status", "errors"], rows,
    "No certificates.")}`;
}

function clusterPage(d) {
  const c = d.cluster;
  if (c?.httpStatus === 401) return '<h2>Cluster</h2><p class="banner">The cluster API needs the management token (<code>Authorization: Bearer</code>), which a page cannot send; reach the API on loopback to see the cluster here.</p>';
  if (!c || c.httpStatus) return '<h2>Cluster</h2><p class="banner">The cluster API (<code>/cluster/members</code>) is not served on this address.</p>';
  const unreachable = new Set((c.unreachable ?? []).map(u => u.node));
  const rows = (c.members ?? []).map(m => [
    `<code>${esc(m.node)}</code>${m.node === c.selfNode ? ' <span class="muted">(this node)</span>' : ""}`,
    status(m.status), m.node === c.leader ? "leader" : "", unreachable.has(m.node) ? '<span class="unreachable">unreachable</span>' : '<span class="Up">reachable</span>',
    esc(m.proxy?.configVersion),
    (m.proxy?.dockerHosts ?? []).map(h => `<code>${esc(h.endpoint)}</code> ${h.connected ? '<span class="Up">connected</span>' : '<span class="Down">disconnected</span>'} ${esc(h.containers)} containers${h.error ? ` <span class="error">${esc(h.error)}</span>` : ""}`).join("<br>") || '<span class="muted">—</span>',
  ]);
  return `<h2>Members</h2>${table(["node", "status", "role", "reachability", "config version", "Docker hosts"], rows, "No members.")}
    <p>Leader: <code>${esc(c.leader ?? "none")}</code> · oldest: <code>${esc(c.oldest ?? "none")}</code></p>
    <h2>Removed nodes still serving</h2>${table(["node", "removed at"], (c.removed ?? []).map(r => [`<code>${esc(r.node)}</code>`, esc(r.removedAt)]), "None.")}`;
}

function render() {
  const [, page = "overview", name] = location.hash.split("/").map(decodeURIComponent);
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.getAttribute("href") === `#/${page}`);
  const view = document.getElementById("view");
  const d = state.data;
  if (!d) { view.innerHTML = `<p class="error">${esc(state.error ?? "Loading…")}</p>`; return; }
  view.innerHTML = name && kinds[page] ? detailPage(d, page, name)
    : page === "routers" ? routersPage(d)
    : page === "services" ? servicesPage(d)
    : page === "middlewares" ? middlewaresPage(d)
    : page === "cluster" ? clusterPage(d)
    : page === "certificates" ? certificatesPage(d)
    : overviewPage(d);
}

window.addEventListener("hashchange", render);
poll();
setInterval(poll, POLL_MS);
