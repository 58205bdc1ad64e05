/* Aspects pages: small shared helpers (fetch, numbers, dates, tables). No framework. */
"use strict";
window.Aspects = (function () {
  const numberFmt = new Intl.NumberFormat();
  const ROW_LIMIT = 15;  // long tables open with their first rows; a button shows the rest
  const BLOCK = /^(?:ccx-)?block-v1:[^@]+@[^+]+\+block@(.+)$/;

  async function getJSON(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
    return body;
  }

  function fmt(value) {
    if (value === null || value === undefined) return "–";
    return typeof value === "number" ? numberFmt.format(value) : String(value);
  }

  function pct(value) {
    return value === null || value === undefined ? "–" : `${value.toFixed(1)} %`;
  }

  function label(column) {
    const text = column.replace(/_/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /* "YYYY-MM-DD" of now in the IANA zone `tz`. */
  function today(tz) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" })
      .format(new Date());
  }

  function addDays(day, days) {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  function browserZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  }

  function zones() {
    const list = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    return ["UTC", ...list.filter((z) => z !== "UTC")];
  }

  function formatInstant(iso, tz) {
    if (!iso) return "–";
    return new Intl.DateTimeFormat(undefined, { timeZone: tz, dateStyle: "medium", timeStyle: "short" })
      .format(new Date(iso));
  }

  /* Fill a <table> with the report's columns and rows; headers sort on click. `headers` names
     columns in words (else the column's name); `titles(row, column)` gives a cell's tooltip. */
  function fillTable(table, columns, rows, format, headers, titles) {
    const show = format || ((c, v) => fmt(v));
    const head = table.tHead || table.createTHead();
    const body = table.tBodies[0] || table.createTBody();
    head.replaceChildren();
    const tr = head.insertRow();
    columns.forEach((c, i) => {
      const th = document.createElement("th");
      th.scope = "col";
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = (headers && headers[c]) || label(c);
      button.addEventListener("click", () => sortBy(i));
      th.appendChild(button);
      tr.appendChild(th);
    });
    let order = rows.slice();
    let sorted = { index: -1, up: true };
    let limit = ROW_LIMIT;
    function draw() {
      body.replaceChildren();
      for (const row of order.slice(0, limit)) {
        const r = body.insertRow();
        for (const c of columns) {
          const cell = r.insertCell();
          const value = row[c];
          const block = typeof value === "string" && BLOCK.exec(value);
          cell.textContent = block ? block[1] : show(c, value);  // the block id; the key on hover
          if (block) cell.title = value;
          const title = titles && titles(row, c);
          if (title) cell.title = title;
          if (typeof value === "number") cell.className = "num";
        }
      }
      const more = table.parentElement.querySelector("button.more");
      if (more) more.remove();
      if (order.length > limit) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "more";
        button.textContent = _("Show all {n} rows", { n: fmt(order.length) });
        button.addEventListener("click", () => { limit = Infinity; draw(); });
        table.after(button);
      }
    }
    function sortBy(i) {
      const c = columns[i];
      sorted = { index: i, up: sorted.index === i ? !sorted.up : true };
      order = rows.slice().sort((a, b) => (a[c] > b[c] ? 1 : a[c] < b[c] ? -1 : 0) * (sorted.up ? 1 : -1));
      head.querySelectorAll("th").forEach((th, j) =>
        th.setAttribute("aria-sort", j === i ? (sorted.up ? "ascending" : "descending") : "none"));
      draw();
    }
    draw();
  }

  /* ---- translation (issue 6): user-visible text goes through _(), collected into the gettext
     catalogue with the templates' {{ _("…") }} (aspects i18n extract); the page carries the
     viewer's translations as JSON (web/i18n.py); {name} placeholders are filled after. ---- */
  let messages = null;
  function _(text, values) {
    if (messages === null) {
      const source = document.getElementById("messages");
      messages = source ? JSON.parse(source.textContent) : {};
    }
    const translated = messages[text] || text;
    return values ? translated.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m)) : translated;
  }

  /* A state-changing API call from a signed-in page: the session's CSRF token (the sign-out
     form in the header carries it) goes in X-CSRF-Token, as the access gate requires. */
  async function send(method, url, body) {
    const token = document.querySelector('header form input[name="csrf_token"]');
    const response = await fetch(url, {
      method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": token ? token.value : "" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, body: data };
  }

  /* ---- cards and charts (from course.js: the course, group and learner pages share them) ---- */
  const BASE = { margin: { t: 10, r: 20, b: 60, l: 60 }, font: { size: 13 }, height: 300 };

  /* A card's empty state: the message says why there is nothing to draw. */
  function empty(card, message) {
    const p = card.querySelector(".empty");
    p.textContent = message || "";
    p.hidden = !message;
    const chart = card.querySelector(".chart, .tiles");
    if (chart) chart.hidden = Boolean(message);
  }

  function tiles(card, items) {
    const box = card.querySelector(".tiles");
    box.replaceChildren();
    for (const t of items) {
      const div = document.createElement("div");
      div.className = "tile";
      div.dataset.key = t.key;
      div.dataset.value = t.value === null ? "" : String(t.value);
      div.innerHTML = '<span class="value"></span><span class="label"></span><span class="sub"></span>';
      div.querySelector(".value").textContent = t.text;
      div.querySelector(".label").textContent = t.label;
      div.querySelector(".sub").textContent = t.sub || "";
      box.appendChild(div);
    }
  }

  function plot(card, traces, layout) {
    const div = card.querySelector(".chart");
    div.hidden = false;
    return Charts.draw(div, traces, { ...BASE, ...layout });
  }

  /* "1.2 Lesson name": a section or subsection row of the engagement and content reports. */
  function rowLabel(r) {
    const where = r.subsection_position ? `${r.section_position}.${r.subsection_position}`
      : r.level === "subsection" ? `${r.section_position}.${r.position}` : r.section_position || r.position || "";
    return `${where ? `${where} ` : ""}${r.name || r.display_name || ""}`;
  }

  function horizontal(card, body, series, xTitle) {
    const rows = body.rows;
    const y = rows.map((r, i) => i);
    card.querySelector("details").open = false;  // the chart shows it; the table is one click away
    return plot(card, series.map(([column, name, color]) => ({
      type: "bar", orientation: "h", name, y, x: rows.map((r) => r[column]), marker: { color },
      text: rows.map(rowLabel), hovertemplate: `%{text}: %{x} ${name.toLowerCase()}<extra></extra>`, textposition: "none",
    })), {
      barmode: series.length > 1 && series[0][0] === "full" ? "stack" : "group",
      height: Math.max(240, 90 + rows.length * (series.length > 1 ? 26 : 20)),
      legend: { orientation: "h", x: 0, y: 1.0, yanchor: "bottom" }, margin: { ...BASE.margin, t: 30, l: 10 },
      yaxis: { autorange: "reversed", tickvals: y, ticktext: rows.map(rowLabel), automargin: true },
      xaxis: { title: { text: xTitle }, rangemode: "tozero" },
    });
  }

  /* Engagement funnels and video watchers draw as bars; other reports are their table. */
  function drawGeneric(card, body) {
    const has = (...names) => names.every((n) => body.columns.includes(n));
    if (has("at_least_one", "all")) {
      return horizontal(card, body, [["at_least_one", _("At least one item"), "#60a5fa"], ["all", _("All items"), "#1d4ed8"]], _("Learners"));
    }
    if (has("full", "partial")) {
      return horizontal(card, body, [["full", _("Watched in full"), "#7c3aed"], ["partial", _("Watched in part"), "#c4b5fd"]], _("Learners"));
    }
    const chart = card.querySelector(".chart");
    if (chart) chart.hidden = true;
  }

  function cellFormat(column, value) {
    if (value === null || value === undefined) return "–";
    if (/(^pct_|pct$)/.test(column) && typeof value === "number") return pct(value);
    return fmt(value);
  }

  /* Learners per grade bucket, the "no grade yet" bar in grey. */
  function gradeChart(card, rows, yTitle) {
    return plot(card, [{
      type: "bar", x: rows.map((r) => r.bucket), y: rows.map((r) => r.learners),
      marker: { color: rows.map((r) => (r.bucket === "no grade yet" ? "#9ca3af" : "#16a34a")) },
      text: rows.map((r) => fmt(r.learners)), textposition: "outside", cliponaxis: false,
      hovertemplate: _("%{x}: %{y} learners") + "<extra></extra>",
    }], { xaxis: { title: { text: _("Grade (latest, % of the course)") }, type: "category", tickangle: -35 },
      yaxis: { title: { text: yTitle }, rangemode: "tozero" } });
  }

  return {
    getJSON, fmt, pct, label, today, addDays, browserZone, zones, formatInstant, fillTable,
    _, send, BASE, empty, tiles, plot, rowLabel, horizontal, drawGeneric, cellFormat, gradeChart,
  };
})();
