/**
 * @module serve/dashboard/dashboard-page
 * The live dashboard: one self-contained HTML page (inline CSS and script, no build step, no
 * external requests) that listens to `/dashboard/events` and draws the agents' load and traffic,
 * the learned capability heatmap M_i, the routing flow (router → agent, handoffs agent → agent)
 * with a pulse per new turn, the recent routing decisions, consensus V over time and turn
 * latency p50/p95 per second.
 */

/** The page. */
export const DASHBOARD_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rapo · live orchestra</title>
<style>
  :root { --bg:#0f1419; --panel:#171e26; --line:#26313d; --text:#d8dee6; --dim:#7d8b99; --accent:#4fb3ff; --hand:#ffa94d; --bad:#ff6b6b; --good:#51cf66; }
  * { box-sizing: border-box; }
  body { margin:0; font:13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; background:var(--bg); color:var(--text); }
  header { display:flex; align-items:center; gap:18px; padding:12px 20px; border-bottom:1px solid var(--line); }
  header h1 { font-size:16px; margin:0; font-weight:600; letter-spacing:.3px; }
  header .stat { color:var(--dim); } header .stat b { color:var(--text); font-variant-numeric:tabular-nums; }
  #status { width:10px; height:10px; border-radius:50%; background:var(--bad); display:inline-block; }
  #status.live { background:var(--good); box-shadow:0 0 6px var(--good); }
  main { display:grid; grid-template-columns: minmax(420px, 1fr) minmax(420px, 1fr); gap:14px; padding:14px 20px; }
  section { background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:12px 14px; min-width:0; }
  section h2 { font-size:12px; text-transform:uppercase; letter-spacing:.8px; color:var(--dim); margin:0 0 10px; font-weight:600; }
  table { width:100%; border-collapse:collapse; font-variant-numeric:tabular-nums; }
  th, td { text-align:left; padding:4px 6px; border-bottom:1px solid var(--line); white-space:nowrap; }
  th { color:var(--dim); font-weight:500; }
  .bar { position:relative; height:8px; width:90px; background:#0b0f13; border-radius:4px; overflow:hidden; display:inline-block; vertical-align:middle; }
  .bar i { position:absolute; left:0; top:0; bottom:0; background:var(--accent); transition:width .4s; }
  .bar.hot i { background:var(--bad); }
  #heatmap td.cell { width:34px; height:22px; text-align:center; font-size:10px; color:#0b0f13; border:1px solid var(--panel); }
  #heatmap th.task { writing-mode:vertical-rl; transform:rotate(180deg); font-size:10px; height:90px; padding:2px; }
  #flow { width:100%; height:340px; display:block; }
  #flow .node circle { fill:#1f2a36; stroke:var(--accent); stroke-width:1.5; transition:r .3s; }
  #flow .node.router circle { stroke:var(--dim); }
  #flow .node text { fill:var(--text); font-size:11px; text-anchor:middle; }
  #flow .spoke { stroke:var(--accent); stroke-opacity:.35; fill:none; }
  #flow .hand { stroke:var(--hand); fill:none; stroke-opacity:.85; marker-end:url(#arrow); }
  #flow .pulse { fill:var(--accent); }
  #flow .pulse.h { fill:var(--hand); }
  ol#decisions { list-style:none; margin:0; padding:0; max-height:300px; overflow:auto; font-variant-numeric:tabular-nums; }
  ol#decisions li { display:grid; grid-template-columns:62px 90px 1fr 90px 60px; gap:8px; padding:3px 0; border-bottom:1px solid var(--line); }
  ol#decisions li.handoff .agent { color:var(--hand); }
  ol#decisions li.failed { color:var(--bad); }
  ol#decisions .dim { color:var(--dim); overflow:hidden; text-overflow:ellipsis; }
  svg.chart { width:100%; height:170px; display:block; }
  svg.chart .axis { stroke:var(--line); }
  svg.chart text { fill:var(--dim); font-size:10px; }
  svg.chart .v { stroke:var(--good); fill:none; stroke-width:1.5; }
  svg.chart .p50 { stroke:var(--accent); fill:none; stroke-width:1.5; }
  svg.chart .p95 { stroke:var(--hand); fill:none; stroke-width:1.2; stroke-dasharray:4 3; }
  .legend { color:var(--dim); font-size:11px; } .legend b { font-weight:500; }
  .empty { color:var(--dim); font-style:italic; }
  @media (max-width: 980px) { main { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<header>
  <span id="status" title="live connection"></span>
  <h1>rapo · live orchestra</h1>
  <span class="stat">turns <b id="turn-count">0</b></span>
  <span class="stat">turns/s <b id="turn-rate">0</b></span>
  <span class="stat">handoffs <b id="handoff-count">0</b></span>
  <span class="stat">p50 <b id="p50">–</b> ms</span>
  <span class="stat">p95 <b id="p95">–</b> ms</span>
  <span class="stat">V <b id="v-now">–</b></span>
</header>
<main>
  <section>
    <h2>Agents: load and traffic</h2>
    <table id="agents"><thead><tr><th>agent</th><th>load L<sub>a</sub></th><th>in flight</th><th>active</th><th>turns</th><th>failures</th><th>latency</th></tr></thead><tbody></tbody></table>
  </section>
  <section>
    <h2>Learned capability M<sub>i</sub> (agent × task type)</h2>
    <table id="heatmap"><thead></thead><tbody></tbody></table>
  </section>
  <section>
    <h2>Routing flow: router → agent, handoffs agent → agent (last 200 turns)</h2>
    <svg id="flow" viewBox="0 0 600 340" preserveAspectRatio="xMidYMid meet">
      <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#ffa94d"></path></marker></defs>
      <g id="edges"></g><g id="nodes"></g><g id="pulses"></g>
    </svg>
  </section>
  <section>
    <h2>Recent routing decisions</h2>
    <ol id="decisions"><li class="empty">no turns yet: send one to POST /v1/chat/completions</li></ol>
  </section>
  <section>
    <h2>Consensus: Lyapunov V = ½‖Φ − Φ*‖² over time</h2>
    <svg id="v-chart" class="chart" viewBox="0 0 600 170" preserveAspectRatio="none"></svg>
    <div class="legend"><b style="color:#51cf66">━</b> V per consensus round · <span id="v-rounds">0</span> rounds</div>
  </section>
  <section>
    <h2>Turn latency (per second)</h2>
    <svg id="latency-chart" class="chart" viewBox="0 0 600 170" preserveAspectRatio="none"></svg>
    <div class="legend"><b style="color:#4fb3ff">━</b> p50 · <b style="color:#ffa94d">╌</b> p95 · last 2 minutes</div>
  </section>
</main>
<script>
"use strict";
var state = { tasks: [], agents: [], turns: [], consensus: [], total: 0, handoffs: 0, stamps: [] };
var SVGNS = "http://www.w3.org/2000/svg";
function $(id) { return document.getElementById(id); }
function el(tag, attrs, text) {
  var e = tag.indexOf("svg:") === 0 ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
  for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}
function fmt(x, d) { return x === null || x === undefined || isNaN(x) ? "–" : Number(x).toFixed(d); }
function heat(v) { var h = 8 + v * 112; return "hsl(" + h.toFixed(0) + ",70%," + (38 + v * 14).toFixed(0) + "%)"; }

function renderAgents() {
  var body = $("agents").tBodies[0]; body.textContent = "";
  state.agents.forEach(function (a) {
    var tr = el("tr", { "data-agent": a.id });
    var name = el("td"); name.appendChild(el("b", {}, a.id)); name.title = a.role; tr.appendChild(name);
    var load = el("td"); var bar = el("span", { class: "bar" + (a.load > 0.8 ? " hot" : "") });
    var fill = el("i"); fill.style.width = Math.min(100, a.load * 100).toFixed(1) + "%"; bar.appendChild(fill);
    load.appendChild(bar); load.appendChild(document.createTextNode(" " + fmt(a.load, 2))); tr.appendChild(load);
    [a.inflight, a.active, a.turns, a.failures].forEach(function (v) { tr.appendChild(el("td", {}, String(v))); });
    tr.appendChild(el("td", {}, fmt(a.latencyMs, 0) + " ms"));
    body.appendChild(tr);
  });
}
function renderHeatmap() {
  var t = $("heatmap"); t.tHead.textContent = ""; t.tBodies[0].textContent = "";
  var head = el("tr"); head.appendChild(el("th", {}, ""));
  state.tasks.forEach(function (task) { head.appendChild(el("th", { class: "task" }, task)); });
  t.tHead.appendChild(head);
  state.agents.forEach(function (a) {
    var tr = el("tr", { "data-agent": a.id }); tr.appendChild(el("th", {}, a.id));
    state.tasks.forEach(function (task) {
      var v = a.capability[task]; var td = el("td", { class: "cell", title: a.id + " × " + task + ": " + fmt(v, 3) }, fmt(v, 2));
      td.style.background = heat(v === undefined ? 0 : v); tr.appendChild(td);
    });
    t.tBodies[0].appendChild(tr);
  });
}
var layout = {};
function placeNodes() {
  var g = $("nodes"); g.textContent = ""; layout = { router: { x: 300, y: 170 } };
  var n = state.agents.length;
  state.agents.forEach(function (a, i) {
    var ang = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
    layout[a.id] = { x: 300 + 230 * Math.cos(ang), y: 170 + 135 * Math.sin(ang) };
  });
  Object.keys(layout).forEach(function (id) {
    var p = layout[id]; var node = el("svg:g", { class: "node" + (id === "router" ? " router" : ""), "data-node": id });
    node.appendChild(el("svg:circle", { cx: p.x, cy: p.y, r: id === "router" ? 20 : 14 }));
    node.appendChild(el("svg:text", { x: p.x, y: p.y + (id === "router" ? 4 : 28) }, id === "router" ? "rapo" : id));
    g.appendChild(node);
  });
}
function renderFlow() {
  var g = $("edges"); g.textContent = "";
  var spokes = {}, hands = {};
  state.turns.forEach(function (t) {
    if (!t.agentId) return;
    if (t.from && t.from !== t.agentId) { var k = t.from + "\u0000" + t.agentId; hands[k] = (hands[k] || 0) + 1; }
    else spokes[t.agentId] = (spokes[t.agentId] || 0) + 1;
  });
  Object.keys(spokes).forEach(function (id) {
    var a = layout.router, b = layout[id]; if (!b) return;
    g.appendChild(el("svg:line", { class: "spoke", x1: a.x, y1: a.y, x2: b.x, y2: b.y, "stroke-width": Math.min(10, 1 + Math.sqrt(spokes[id])) }));
  });
  Object.keys(hands).forEach(function (k) {
    var ids = k.split("\u0000"), a = layout[ids[0]], b = layout[ids[1]]; if (!a || !b) return;
    var mx = (a.x + b.x) / 2 + (b.y - a.y) * 0.18, my = (a.y + b.y) / 2 - (b.x - a.x) * 0.18;
    var path = el("svg:path", { class: "hand", "data-handoff": ids[0] + "→" + ids[1], d: "M" + a.x + "," + a.y + " Q" + mx + "," + my + " " + b.x + "," + b.y, "stroke-width": Math.min(8, 1 + Math.sqrt(hands[k])) });
    path.appendChild(el("svg:title", {}, ids[0] + " → " + ids[1] + ": " + hands[k] + " handoffs"));
    g.appendChild(path);
  });
}
function pulse(t) {
  var a = t.from && layout[t.from] ? layout[t.from] : layout.router, b = layout[t.agentId]; if (!a || !b) return;
  var c = el("svg:circle", { class: "pulse" + (t.from ? " h" : ""), r: 4, cx: a.x, cy: a.y }); $("pulses").appendChild(c);
  var start = performance.now();
  function step(now) {
    var f = Math.min(1, (now - start) / 600);
    c.setAttribute("cx", a.x + (b.x - a.x) * f); c.setAttribute("cy", a.y + (b.y - a.y) * f);
    if (f < 1) requestAnimationFrame(step); else c.remove();
  }
  requestAnimationFrame(step);
}
function renderDecisions() {
  var ol = $("decisions"); ol.textContent = "";
  var recent = state.turns.slice(-40).reverse();
  if (recent.length === 0) { ol.appendChild(el("li", { class: "empty" }, "no turns yet")); return; }
  recent.forEach(function (t) {
    var li = el("li", { class: (t.ok ? "" : "failed ") + (t.from ? "handoff" : ""), "data-turn": t.turnId });
    li.appendChild(el("span", { class: "dim" }, new Date(t.at).toTimeString().slice(0, 8)));
    li.appendChild(el("span", { class: "dim", title: t.conversation }, t.conversation.slice(0, 12)));
    li.appendChild(el("span", { class: "agent" }, t.ok ? (t.from ? t.from + " → " + t.agentId : t.agentId) : "failed"));
    li.appendChild(el("span", { class: "dim" }, t.taskType || ""));
    li.appendChild(el("span", {}, fmt(t.latencyMs, 0) + " ms"));
    ol.appendChild(li);
  });
}
function line(svg, points, cls, max, span, now) {
  if (points.length === 0) return;
  var d = points.map(function (p, i) {
    var x = 30 + 565 * (1 - (now - p[0]) / span), y = 160 - 150 * (max > 0 ? p[1] / max : 0);
    return (i ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
  }).join(" ");
  svg.appendChild(el("svg:path", { class: cls, d: d }));
}
function axes(svg, max, unit) {
  svg.textContent = "";
  svg.appendChild(el("svg:line", { class: "axis", x1: 30, y1: 160, x2: 595, y2: 160 }));
  svg.appendChild(el("svg:line", { class: "axis", x1: 30, y1: 10, x2: 30, y2: 160 }));
  svg.appendChild(el("svg:text", { x: 2, y: 14 }, fmt(max, max < 1 ? 3 : 0) + unit));
  svg.appendChild(el("svg:text", { x: 2, y: 160 }, "0"));
}
function renderConsensus() {
  var pts = state.consensus.map(function (c) { return [c.at, c.lyapunov]; });
  var max = pts.reduce(function (m, p) { return Math.max(m, p[1]); }, 0) || 1e-6;
  var svg = $("v-chart"); axes(svg, max, "");
  var now = Date.now(), first = pts.length ? pts[0][0] : now, span = Math.max(10000, now - first);
  line(svg, pts, "v", max, span, now);
  $("v-rounds").textContent = String(state.consensus.length);
  $("v-now").textContent = pts.length ? Number(pts[pts.length - 1][1]).toExponential(2) : "–";
}
function quantile(xs, q) { if (!xs.length) return null; var s = xs.slice().sort(function (a, b) { return a - b; }); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; }
function renderLatency() {
  var now = Date.now(), bySecond = {};
  state.stamps.forEach(function (s) { var k = Math.floor(s[0] / 1000); (bySecond[k] = bySecond[k] || []).push(s[1]); });
  var secs = Object.keys(bySecond).map(Number).sort(function (a, b) { return a - b; });
  var p50 = secs.map(function (k) { return [k * 1000 + 500, quantile(bySecond[k], 0.5)]; });
  var p95 = secs.map(function (k) { return [k * 1000 + 500, quantile(bySecond[k], 0.95)]; });
  var max = p95.reduce(function (m, p) { return Math.max(m, p[1]); }, 0) || 1;
  var svg = $("latency-chart"); axes(svg, max, " ms");
  line(svg, p50, "p50", max, 120000, now); line(svg, p95, "p95", max, 120000, now);
  var recent = state.stamps.filter(function (s) { return now - s[0] < 30000; }).map(function (s) { return s[1]; });
  $("p50").textContent = fmt(quantile(recent, 0.5), 1); $("p95").textContent = fmt(quantile(recent, 0.95), 1);
  var lastSec = state.stamps.filter(function (s) { return now - s[0] < 5000; }).length / 5;
  $("turn-rate").textContent = fmt(lastSec, 1);
}
function addTurns(turns, live) {
  turns.forEach(function (t) {
    state.turns.push(t); state.total++; if (t.from) state.handoffs++;
    state.stamps.push([t.at, t.latencyMs]);
    if (live && t.ok) pulse(t);
  });
  if (state.turns.length > 200) state.turns = state.turns.slice(-200);
  var cutoff = Date.now() - 120000; state.stamps = state.stamps.filter(function (s) { return s[0] >= cutoff; });
  $("turn-count").textContent = String(state.total); $("handoff-count").textContent = String(state.handoffs);
  renderFlow(); renderDecisions(); renderLatency();
}
function connect() {
  var es = new EventSource("/dashboard/events");
  es.addEventListener("open", function () { $("status").className = "live"; });
  es.addEventListener("error", function () { $("status").className = ""; });
  es.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    state.tasks = d.tasks; state.agents = d.agents; state.turns = []; state.total = 0; state.handoffs = 0; state.stamps = [];
    state.consensus = d.consensus;
    placeNodes(); renderAgents(); renderHeatmap(); addTurns(d.turns, false); renderConsensus();
    document.body.setAttribute("data-ready", "1");
  });
  es.addEventListener("agents", function (e) {
    var agents = JSON.parse(e.data); var relayout = agents.length !== state.agents.length;
    state.agents = agents; if (relayout) { placeNodes(); renderFlow(); }
    renderAgents(); renderHeatmap(); renderLatency(); renderConsensus();
  });
  es.addEventListener("feed", function (e) {
    var d = JSON.parse(e.data);
    if (d.consensus.length) { state.consensus = state.consensus.concat(d.consensus).slice(-600); renderConsensus(); }
    if (d.turns.length) addTurns(d.turns, true);
  });
}
connect();
</script>
</body>
</html>
`;
