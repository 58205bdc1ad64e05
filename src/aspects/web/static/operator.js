/* The operator page: instance health and use, drawn from GET /api/v1/operator/reports/{name}.
   One period and one time zone (kept in the URL) drive every card; METRICS.md "Operator". */
"use strict";
(function () {
  const A = window.Aspects;
  const { _, BASE, empty, tiles, plot } = A;  // shared with the course, group and learner pages
  const root = document.getElementById("operator");
  const $ = (id) => document.getElementById(id);
  const PERIODS = ["7", "30", "90"];
  const UNDATED = new Set(["ingest-status", "storage", "slow-queries", "organizations", "operator-courses"]);
  const BLUE = "#2563eb", AMBER = "#d97706";
  let generation = 0;

  /* ---- state: the URL query string is the one source ---- */
  function readState() {
    const p = new URLSearchParams(location.search);
    return { period: PERIODS.includes(p.get("period")) ? p.get("period") : "30", tz: p.get("tz") || A.browserZone() };
  }

  function writeState(s, push) {
    history[push ? "pushState" : "replaceState"](null, "", `?${new URLSearchParams({ period: s.period, tz: s.tz })}`);
  }

  /* A card's parameters: dates local to tz, `to` exclusive (reports/query.py). */
  function query(id, s) {
    if (UNDATED.has(id)) return {};
    const to = A.addDays(A.today(s.tz), 1);
    if (id === "statements-per-hour") return { tz: s.tz, grain: "hour", from: A.addDays(to, -2), to };
    return { tz: s.tz, from: A.addDays(to, -Number(s.period)), to };
  }

  function url(report, params, csv) {
    const q = new URLSearchParams(params).toString();
    return `/api/v1/operator/reports/${report}${csv ? ".csv" : ""}${q ? `?${q}` : ""}`;
  }

  /* ---- numbers ---- */
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    const sign = seconds < 0 ? "−" : "", s = Math.abs(seconds);
    if (s < 90) return `${sign}${Math.round(s)} s`;
    if (s < 90 * 60) return `${sign}${Math.round(s / 60)} min`;
    if (s < 48 * 3600) return `${sign}${(s / 3600).toFixed(1)} h`;
    return `${sign}${(s / 86400).toFixed(1)} days`;
  }

  function bytes(n) {
    if (n === null || n === undefined) return "–";
    const units = ["B", "kB", "MB", "GB", "TB"];
    let i = 0, v = n;
    while (v >= 1000 && i < units.length - 1) { v /= 1000; i += 1; }
    return `${i ? v.toFixed(1) : v} ${units[i]}`;
  }

  function format(tz) {
    return (column, value) => {
      if (value === null || value === undefined) return column === "course_key" ? _("(instance)") : "–";
      if (/bytes$/.test(column)) return bytes(value);
      if (/^(last_stored|last_emitted|last_activity|last_hour|ran_at)$/.test(column)) return A.formatInstant(value, tz);
      if (column === "elapsed_ms") return `${A.fmt(value)} ms`;
      return A.fmt(value);
    };
  }

  /* ---- charts: every one has axis titles, hover values, and an empty state saying why ---- */
  /* A count axis: whole-number ticks when the counts are small (no "0.5 statements"). */
  function countAxis(title, values) {
    return { title: { text: title }, rangemode: "tozero", ...(Math.max(0, ...values) <= 8 ? { dtick: 1 } : {}) };
  }

  function timeSeries(card, traces, xTitle, yTitle) {
    return plot(card, traces, {
      showlegend: traces.length > 1, legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom" },
      margin: { ...BASE.margin, t: traces.length > 1 ? 40 : 10 },
      xaxis: { title: { text: xTitle }, type: "date" }, yaxis: countAxis(yTitle, traces.flatMap((t) => t.y)),
    });
  }

  function statementTraces(rows, x, unit) {
    return [
      { type: "bar", name: _("Received (when they arrived)"), x, y: rows.map((r) => r.received), marker: { color: BLUE },
        hovertemplate: `%{x}: %{y} ${unit} received<extra></extra>` },
      { type: "scatter", mode: "lines+markers", name: _("Emitted (their own timestamp)"), x, y: rows.map((r) => r.emitted),
        line: { color: AMBER }, hovertemplate: `%{x}: %{y} ${unit} emitted<extra></extra>` },
    ];
  }

  const DRAW = {
    "ingest-status"(card, body, s) {
      const r = body.rows[0];
      if (!r || !r.total_statements) {
        return empty(card, _("No statements yet: nothing has been received at /xAPI/statements. Check the LRS URL and credentials that event-routing-backends uses."));
      }
      tiles(card, [
        { key: "total_statements", value: r.total_statements, text: A.fmt(r.total_statements), label: _("statements received"),
          sub: _("{n} in the last hour", { n: A.fmt(r.received_last_hour) }) },
        { key: "last_stored", value: r.last_stored, text: A.formatInstant(r.last_stored, s.tz), label: _("latest received"),
          sub: _("{d} ago", { d: duration(r.seconds_since_last_stored) }) },
        { key: "latest_lag_seconds", value: r.latest_lag_seconds, text: duration(r.latest_lag_seconds), label: _("lag of the latest arrival"),
          sub: _("received minus its own timestamp") },
        { key: "median_lag_seconds_last_hour", value: r.median_lag_seconds_last_hour, text: duration(r.median_lag_seconds_last_hour),
          label: _("median lag, last hour"),
          sub: r.received_last_hour ? _("over {n} statements", { n: A.fmt(r.received_last_hour) }) : _("nothing received in the last hour") },
        { key: "last_emitted", value: r.last_emitted, text: A.formatInstant(r.last_emitted, s.tz), label: _("newest statement timestamp") },
      ]);
    },
    "statements-per-day"(card, body, s) {
      if (!body.rows.some((r) => r.received || r.emitted)) {
        return empty(card, _("No statements in this period: none arrived, and none carry a timestamp in it."));
      }
      return timeSeries(card, statementTraces(body.rows, body.rows.map((r) => r.bucket_start), "statements"),
        _("Day ({tz})", { tz: s.tz }), _("Statements"));
    },
    "statements-per-hour"(card, body, s) {
      if (!body.rows.some((r) => r.received || r.emitted)) {
        return empty(card, _("No statements yesterday or today: none arrived, and none carry a timestamp in these two days."));
      }
      // The local wall-clock hour ("2026-03-10T11:00+01:00" → "2026-03-10 11:00"): the axis is in tz.
      const x = body.rows.map((r) => r.bucket_start.slice(0, 16).replace("T", " "));
      return timeSeries(card, statementTraces(body.rows, x, "statements"), _("Hour ({tz})", { tz: s.tz }), _("Statements"));
    },
    "active-learners"(card, body, s) {
      if (!body.rows.some((r) => r.active_learners)) return empty(card, _("No learner activity in this period: no learner sent any statement."));
      return timeSeries(card, [{
        type: "bar", x: body.rows.map((r) => r.bucket_start), y: body.rows.map((r) => r.active_learners), marker: { color: BLUE },
        hovertemplate: "%{x}: %{y} learners<extra></extra>",
      }], _("Day ({tz})", { tz: s.tz }), _("Learners with any statement"));
    },
    "active-courses"(card, body, s) {
      if (!body.rows.some((r) => r.active_courses)) return empty(card, _("No course activity in this period: no statement of any course."));
      return timeSeries(card, [{
        type: "bar", x: body.rows.map((r) => r.bucket_start), y: body.rows.map((r) => r.active_courses), marker: { color: "#16a34a" },
        hovertemplate: "%{x}: %{y} courses<extra></extra>",
      }], _("Day ({tz})", { tz: s.tz }), _("Courses with any statement"));
    },
    "enrollment-over-time"(card, body, s) {
      if (!body.rows.some((r) => r.current_at_end || r.net)) {
        return empty(card, _("No enrollments yet: no learner is enrolled in any course by the end of the period."));
      }
      const tracks = [...new Set(body.rows.map((r) => r.track))];
      return timeSeries(card, tracks.map((track) => {
        const rows = body.rows.filter((r) => r.track === track);
        return {
          type: "scatter", mode: "lines", name: track === "all" ? _("All tracks") : track, line: { width: track === "all" ? 3 : 1.5 },
          x: rows.map((r) => r.bucket_start), y: rows.map((r) => r.current_at_end), customdata: rows.map((r) => [r.new, r.unenrolled]),
          hovertemplate: "%{x}: %{y} enrolled (+%{customdata[0]} new, −%{customdata[1]} left)<extra>%{fullData.name}</extra>",
        };
      }), _("Day ({tz})", { tz: s.tz }), _("Enrollments (learner × course)"));
    },
    rejections(card, body) {
      if (!body.rows.length) return empty(card, _("No statements refused in this period: everything the LRS and loads received was valid."));
      const by = new Map();
      for (const r of body.rows) by.set(r.reason, (by.get(r.reason) || 0) + r.rejected);
      const reasons = [...by.keys()];
      return plot(card, [{
        type: "bar", orientation: "h", y: reasons, x: reasons.map((k) => by.get(k)), marker: { color: "#dc2626" },
        hovertemplate: "%{y}: %{x} refused<extra></extra>",
      }], { height: Math.max(220, 80 + reasons.length * 28), margin: { ...BASE.margin, l: 10 },
        xaxis: countAxis(_("Statements refused"), [...by.values()]),
        yaxis: { title: { text: _("Reason") }, autorange: "reversed", automargin: true } });
    },
    storage(card, body) {
      if (!body.rows.length) return empty(card, _("No tables: the store has not been set up."));
      const note = card.querySelector(".note");
      const total = body.rows.reduce((sum, r) => sum + r.bytes_on_disk, 0);
      note.textContent = _("{size} on disk in {n} tables.", { size: bytes(total), n: body.rows.length });
      note.hidden = false;
    },
    "slow-queries"(card, body) {
      if (!body.rows.length) return empty(card, _("No report has run since the server started: this log is kept in memory."));
    },
    organizations(card, body) {
      if (!body.rows.length) return empty(card, _("No organizations yet: no statement of any course has arrived."));
    },
    "operator-courses"(card, body) {
      if (!body.rows.length) return empty(card, _("No courses yet: no statement of any course has arrived."));
    },
  };

  async function load(card, s, gen) {
    const params = query(card.id, s);
    card.querySelector("[data-csv]").href = url(card.dataset.report, params, true);
    const body = await A.getJSON(url(card.dataset.report, params, false));
    if (gen !== generation) return;
    empty(card, "");
    A.fillTable(card.querySelector("table"), body.columns, body.rows, format(s.tz));
    return DRAW[card.id](card, body, s);
  }

  async function refresh() {
    const s = readState();
    const gen = ++generation;
    root.dataset.state = "loading";
    const to = A.addDays(A.today(s.tz), 1);
    $("period-label").textContent = `${A.addDays(to, -Number(s.period))} – ${A.addDays(to, -1)} (${s.tz})`;
    const loadCard = (card) => load(card, s, gen).catch((err) => {
      empty(card, _("Could not load this report: {error}", { error: err.message }));
      throw err;
    });
    const cards = [...root.querySelectorAll("section.card[data-report]")];
    const slow = cards.filter((card) => card.id === "slow-queries");
    const results = await Promise.allSettled(cards.filter((card) => !slow.includes(card)).map(loadCard));
    // The slow-query log last, so it includes the queries of this page's other cards.
    results.push(...(await Promise.allSettled(slow.map(loadCard))));
    if (gen === generation) root.dataset.state = results.some((r) => r.status === "rejected") ? "error" : "ready";
  }

  /* ---- controls ---- */
  const tz = $("tz");
  const zones = A.zones();
  const initial = readState();
  if (!zones.includes(initial.tz)) zones.unshift(initial.tz);
  for (const zone of zones) tz.add(new Option(zone.replace(/_/g, " "), zone));
  writeState(initial, false);  // the browser's zone goes into the URL, so a shared link keeps it
  function sync() { const s = readState(); $("period").value = s.period; tz.value = s.tz; }
  function change(update) { writeState({ ...readState(), ...update }, true); sync(); refresh(); }
  sync();
  $("period").addEventListener("change", (e) => change({ period: e.target.value }));
  tz.addEventListener("change", () => change({ tz: tz.value }));
  window.addEventListener("popstate", () => { sync(); refresh(); });
  refresh();
})();
