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

  /* An engagement funnel: each section, its subsections indented under it; a level without
     items of the kind says so instead of showing an empty bar. */
  function funnel(card, body, none) {
    if (!body.rows.length) return empty(card, _("No sections yet: the course structure has not been loaded."));
    const rows = body.rows.map((r) => {
      const where = r.level === "section" ? `${r.section_position}` : `${r.section_position}.${r.position}`;
      const text = `${r.level === "section" ? "" : "\u2003"}${where} ${r.name}${r.items ? "" : ` — ${none}`}`;
      return { ...r, label: text };
    });
    fillTable(card.querySelector("table"), ["label", "items", "at_least_one", "all", "none_yet"],
      rows.map((r) => ({ ...r, items: r.items || none })), cellFormat, {
        label: _("Section / subsection"), items: _("Items"), at_least_one: _("At least one"),
        all: _("All"), none_yet: _("Enrolled, none yet"),
      });
    card.querySelector("details").open = false;
    const y = rows.map((r, i) => i);
    const shade = (dark, light) => rows.map((r) => (r.level === "section" ? dark : light));
    return plot(card, [
      ["at_least_one", _("At least one item"), shade("#2563eb", "#93c5fd")],
      ["all", _("All items"), shade("#1e3a8a", "#3b82f6")],
    ].map(([column, name, color]) => ({
      type: "bar", orientation: "h", name, y, x: rows.map((r) => r[column]), marker: { color },
      text: rows.map((r) => r.label.trim()), textposition: "none",
      hovertemplate: `%{text}: %{x} ${name.toLowerCase()}<extra></extra>`,
    })), {
      barmode: "group", height: Math.max(240, 90 + rows.length * 26),
      legend: { orientation: "h", x: 0, y: 1.0, yanchor: "bottom" }, margin: { ...BASE.margin, t: 30, l: 10 },
      yaxis: { autorange: "reversed", tickvals: y, ticktext: rows.map((r) => r.label), automargin: true },
      xaxis: { title: { text: _("Learners") }, rangemode: "tozero" },
    });
  }

  /* Content performance by name: "1.2 Quiz", a part as "Quiz — part 2" (parts numbered in
     order); the usage key on hover and in the CSV. The columns that matter first. */
  const PROBLEM_COLUMNS = ["problem", "graded", "learners_attempted", "submissions", "pct_correct",
    "pct_first_attempt_correct", "mean_attempts", "median_attempts"];
  const PROBLEM_HEADERS = {
    problem: _("Problem"), graded: _("Graded"), learners_attempted: _("Learners who tried"),
    submissions: _("Answers"), pct_correct: _("Correct"), pct_first_attempt_correct: _("Right first time"),
    mean_attempts: _("Attempts (mean)"), median_attempts: _("Attempts (median)"),
  };
  const ASSIGNMENT_COLUMNS = ["assignment", "learners_attempted", "submissions", "pct_correct", "pct_incorrect", "mean_attempts"];
  const ASSIGNMENT_HEADERS = {
    assignment: _("Assignment"), learners_attempted: _("Learners who tried"), submissions: _("Answers"),
    pct_correct: _("Correct"), pct_incorrect: _("Incorrect"), mean_attempts: _("Attempts (mean)"),
  };

  function problemRows(rows) {
    const parts = {};
    return rows.map((r) => {
      const name = r.name ? rowLabel(r) : _("A problem not in the course outline");
      const graded = r.graded === null ? "–" : r.graded ? _("Yes") : _("No");
      if (!r.part) return { ...r, problem: name, graded };
      parts[r.problem_id] = (parts[r.problem_id] || 0) + 1;
      return { ...r, problem: _("{problem} — part {n}", { problem: name, n: parts[r.problem_id] }), graded };
    });
  }

  /* The course page's and group page's own drawings of these reports (by name). */
  const CONTENT = {
    "engagement-pages"(card, body) { return funnel(card, body, _("no pages here")); },
    "engagement-videos"(card, body) { return funnel(card, body, _("no videos here")); },
    "engagement-problems"(card, body) { return funnel(card, body, _("no problems here")); },
    "problem-performance"(card, body) {
      const rows = problemRows(body.rows);
      fillTable(card.querySelector("table"), PROBLEM_COLUMNS, rows, cellFormat, PROBLEM_HEADERS, (r, c) => (c === "problem" ? r.problem_id : ""));
      const ranked = rows.filter((r) => !r.part && r.submissions > 0)
        .sort((x, y) => x.pct_correct - y.pct_correct || y.mean_attempts - x.mean_attempts);
      if (!ranked.length) return empty(card, _("No answers to any problem yet."));
      return horizontal(card, { rows: ranked.slice(0, 15).map((r) => ({ ...r, name: r.name || r.problem })) },
        [["pct_correct", _("% correct"), "#16a34a"]], _("% of submissions correct"));
    },
    "assignment-performance"(card, body) {
      const rows = body.rows.map((r) => ({ ...r, assignment: r.name || _("(unnamed)") }));
      fillTable(card.querySelector("table"), ASSIGNMENT_COLUMNS, rows, cellFormat, ASSIGNMENT_HEADERS, (r, c) => (c === "assignment" ? r.block_id : ""));
      const ranked = rows.filter((r) => r.submissions > 0).sort((x, y) => x.pct_correct - y.pct_correct);
      if (!ranked.length) return empty(card, _("No answers in any assignment yet."));
      return horizontal(card, { rows: ranked.map((r) => ({ ...r, name: r.assignment })) },
        [["pct_correct", _("% correct"), "#16a34a"]], _("% of submissions correct"));
    },
  };

  /* Engagement funnels and content performance have their own drawing (CONTENT); video
     watchers draw as bars; other reports are their table. */
  function drawGeneric(card, body) {
    if (CONTENT[body.report]) return CONTENT[body.report](card, body);
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
