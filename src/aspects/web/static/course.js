/* The course dashboard: one period and one time zone (kept in the URL) drive every report. */
"use strict";
(function () {
  const A = window.Aspects;
  const root = document.getElementById("dashboard");
  const course = root.dataset.course;
  const $ = (id) => document.getElementById(id);
  const PLOT = { displaylogo: false, displayModeBar: false, responsive: true };
  const BASE = { margin: { t: 10, r: 20, b: 60, l: 60 }, font: { size: 13 }, height: 300 };
  let generation = 0;

  /* ---- state: the URL query string is the one source ---- */
  function readState() {
    const p = new URLSearchParams(location.search);
    return {
      period: ["run", "7", "30", "custom"].includes(p.get("period")) ? p.get("period") : "run",
      from: p.get("from") || "", until: p.get("until") || "",
      tz: p.get("tz") || A.browserZone(),
      grain: ["day", "week", "month"].includes(p.get("grain")) ? p.get("grain") : "day",
      split: p.get("split") === "1", video: p.get("video") || "", bucket: p.get("bucket") || "5",
    };
  }

  function writeState(s, push) {
    const p = new URLSearchParams();
    p.set("period", s.period);
    if (s.period === "custom") { p.set("from", s.from); p.set("until", s.until); }
    p.set("tz", s.tz);
    if (s.grain !== "day") p.set("grain", s.grain);
    if (s.split) p.set("split", "1");
    if (s.video) { p.set("video", s.video); p.set("bucket", s.bucket); }
    history[push ? "pushState" : "replaceState"](null, "", `?${p}`);
  }

  /* The API's parameters: dates are local to tz, `to` is exclusive (reports/query.py). */
  function apiParams(s) {
    const p = { tz: s.tz };
    if (s.period === "7" || s.period === "30") {
      p.to = A.addDays(A.today(s.tz), 1);
      p.from = A.addDays(p.to, -Number(s.period));
    } else if (s.period === "custom" && s.from && s.until) {
      p.from = s.from;
      p.to = A.addDays(s.until, 1);
      p.as_of = `${s.until}T23:59:59.999999`;  // the tiles count as of the period's end
    }
    return p;
  }

  function url(report, extra, csv) {
    const q = new URLSearchParams({ ...apiParams(readState()), ...(extra || {}) });
    return `/api/v1/courses/${encodeURI(course)}/reports/${report}${csv ? ".csv" : ""}?${q}`;
  }

  /* ---- cards ---- */
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
    const full = { ...BASE, ...layout };
    for (const axis of ["xaxis", "yaxis"]) full[axis] = { automargin: true, ...(full[axis] || {}) };
    return Plotly.react(div, traces, full, PLOT);
  }

  const DRAW = {
    "enrollment-summary"(card, body) {
      const r = body.rows[0];
      if (!r || !r.total_enrollees) return empty(card, "No enrollments yet: no learner has enrolled in this course by the end of the period.");
      tiles(card, [
        { key: "total_enrollees", value: r.total_enrollees, text: A.fmt(r.total_enrollees), label: "ever enrolled" },
        { key: "current_enrollees", value: r.current_enrollees, text: A.fmt(r.current_enrollees), label: "enrolled now",
          sub: `${A.pct(r.current_pct)} of ever enrolled` },
      ]);
    },
    "enrollment-by-track"(card, body) {
      if (!body.rows.length) return empty(card, "No current enrollees: nobody is enrolled at the end of the period.");
      return plot(card, [{
        type: "bar", x: body.rows.map((r) => r.track), y: body.rows.map((r) => r.current_enrollees),
        text: body.rows.map((r) => `${A.fmt(r.current_enrollees)} · ${A.pct(r.pct)}`), textposition: "auto",
        marker: { color: "#2563eb" },
        hovertemplate: "%{x}: %{y} learners (%{text})<extra></extra>",
      }], { xaxis: { title: { text: "Track" } }, yaxis: { title: { text: "Learners enrolled now" }, rangemode: "tozero" } });
    },
    "enrollment-over-time"(card, body, s) {
      $("enrollment-over-time-title").textContent = `Learners enrolled at the end of each ${s.grain}`;
      if (!body.rows.length) return empty(card, "No enrollments yet in this period.");
      const tracks = s.split ? [...new Set(body.rows.map((r) => r.track))].filter((t) => t !== "all") : ["all"];
      return plot(card, tracks.map((track) => {
        const rows = body.rows.filter((r) => r.track === track);
        return {
          type: "scatter", mode: "lines+markers", name: track === "all" ? "All tracks" : track,
          x: rows.map((r) => r.bucket_start), y: rows.map((r) => r.current_at_end),
          customdata: rows.map((r) => [r.new, r.unenrolled]),
          hovertemplate: "%{y} enrolled (+%{customdata[0]} new, −%{customdata[1]} left)<extra>%{fullData.name}</extra>",
        };
      }), {
        hovermode: "x unified", showlegend: s.split, legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom" },
        margin: { ...BASE.margin, t: s.split ? 40 : 10 },
        xaxis: { title: { text: `${A.label(s.grain)} starting (${s.tz})` }, type: "date" },
        yaxis: { title: { text: "Learners enrolled" }, rangemode: "tozero" },
      });
    },
    "enrollment-change"(card, body) {
      const note = card.querySelector(".note");
      note.hidden = false;
      note.textContent = `From ${body.params.from} up to (not including) ${body.params.to}, ${body.params.tz}.`;
      if (!body.rows.length) return empty(card, "No enrollment changes in this period.");
    },
    "grades-summary"(card, body) {
      const r = body.rows[0];
      if (!r || !r.current_enrollees) return empty(card, "No current enrollees yet, so no grades.");
      tiles(card, [
        { key: "passing", value: r.passing, text: A.fmt(r.passing), label: "learners passing",
          sub: `${A.pct(r.passing_pct)} of ${A.fmt(r.current_enrollees)} enrolled now` },
        { key: "mean_grade_pct", value: r.mean_grade_pct, text: A.pct(r.mean_grade_pct), label: "mean grade",
          sub: `of ${A.fmt(r.graded)} graded learners` },
        { key: "median_grade_pct", value: r.median_grade_pct, text: A.pct(r.median_grade_pct), label: "median grade" },
      ]);
    },
    "grade-distribution"(card, body) {
      if (!body.rows.some((r) => r.learners)) return empty(card, "No current enrollees yet, so no grades.");
      return plot(card, [{
        type: "bar", x: body.rows.map((r) => r.bucket), y: body.rows.map((r) => r.learners),
        marker: { color: body.rows.map((r) => (r.bucket === "no grade yet" ? "#9ca3af" : "#16a34a")) },
        text: body.rows.map((r) => A.fmt(r.learners)), textposition: "outside", cliponaxis: false,
        hovertemplate: "%{x}: %{y} learners<extra></extra>",
      }], { xaxis: { title: { text: "Grade (latest, % of the course)" }, type: "category", tickangle: -35 },
        yaxis: { title: { text: "Learners enrolled now" }, rangemode: "tozero" } });
    },
    "video-segments"(card, body) {
      if (!body.rows.length) return empty(card, "No views of this video yet (or it is not a video of this course).");
      return plot(card, [{
        type: "bar", x: body.rows.map((r) => r.segment_start), y: body.rows.map((r) => r.views),
        width: body.rows.map((r) => r.segment_end - r.segment_start), offset: 0, marker: { color: "#7c3aed" },
        customdata: body.rows.map((r) => [r.segment_end, r.learners]),
        hovertemplate: "%{x}–%{customdata[0]} s: %{y} views by %{customdata[1]} learners<extra></extra>",
      }], { xaxis: { title: { text: "Seconds into the video" } }, yaxis: { title: { text: "Views" }, rangemode: "tozero" } });
    },
  };

  /* Reports of other issues (engagement, content): a chart when their columns fit one. */
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

  function GENERIC(card, body) {
    const has = (...names) => names.every((n) => body.columns.includes(n));
    if (has("at_least_one", "all")) {
      return horizontal(card, body, [["at_least_one", "At least one item", "#60a5fa"], ["all", "All items", "#1d4ed8"]], "Learners");
    }
    if (has("full", "partial")) {
      return horizontal(card, body, [["full", "Watched in full", "#7c3aed"], ["partial", "Watched in part", "#c4b5fd"]], "Learners");
    }
    const chart = card.querySelector(".chart");
    if (chart) chart.hidden = true;
  }

  function format(column, value) {
    if (value === null || value === undefined) return "–";
    if (/pct$/.test(column) && typeof value === "number") return A.pct(value);
    return A.fmt(value);
  }

  async function load(card, s, gen) {
    const report = card.dataset.report;
    const extra = report === "video-segments" ? { video: s.video, bucket: s.bucket } : {};
    if (report === "enrollment-over-time") extra.grain = s.grain;
    const csv = card.querySelector("[data-csv]");
    if (report === "video-segments" && !s.video) {
      csv.hidden = true;
      return empty(card, "Enter a video's usage key to see how often each part of it was watched.");
    }
    csv.hidden = false;
    csv.href = url(report, extra, true);
    const body = await A.getJSON(url(report, extra, false));
    if (gen !== generation) return;
    empty(card, "");
    A.fillTable(card.querySelector("table"), body.columns, body.rows, format);
    if (report === "video-watchers" && $("videos")) {  // the video picker offers the course's videos
      $("videos").replaceChildren(...body.rows.map((r) => new Option(rowLabel(r), r.video_id)));
    }
    const draw = DRAW[report] || GENERIC;
    if (body.rows.length || DRAW[report]) return draw(card, body, s);
    if (!body.rows.length) empty(card, "No rows yet: no learner activity in this period, or the course structure has not been loaded (aspects load --table course_blocks).");
  }

  function periodLabel(s) {
    const p = apiParams(s);
    $("period-label").textContent = p.from ? `${p.from} to ${A.addDays(p.to, -1)} (${s.tz})` : `All time (${s.tz})`;
  }

  async function refresh() {
    const s = readState();
    const gen = ++generation;
    root.dataset.state = "loading";
    periodLabel(s);
    const cards = [...document.querySelectorAll("section.card[data-report]")];
    const results = await Promise.allSettled(cards.map((card) => load(card, s, gen).catch((err) => {
      empty(card, `Could not load this report: ${err.message}`);
      throw err;
    })));
    if (gen === generation) root.dataset.state = results.some((r) => r.status === "rejected") ? "error" : "ready";
  }

  /* ---- controls ---- */
  function syncControls() {
    const s = readState();
    $("period").value = s.period;
    $("custom").hidden = s.period !== "custom";
    $("from").value = s.from;
    $("until").value = s.until;
    $("tz").value = s.tz;
    $("grain").value = s.grain;
    $("split").checked = s.split;
    if ($("video")) { $("video").value = s.video; $("bucket").value = s.bucket; }
  }

  function change(update) {
    writeState({ ...readState(), ...update }, true);
    syncControls();
    refresh();
  }

  const tz = $("tz");
  const zones = A.zones();
  const initial = readState();
  if (!zones.includes(initial.tz)) zones.unshift(initial.tz);
  for (const zone of zones) tz.add(new Option(zone.replace(/_/g, " "), zone));
  writeState(initial, false);  // the browser's zone goes into the URL, so a shared link keeps it
  syncControls();

  $("period").addEventListener("change", (e) => {
    const value = e.target.value;
    if (value !== "custom") return change({ period: value });
    const s = readState();
    const until = A.today(s.tz);
    $("custom").hidden = false;
    change({ period: "custom", from: s.from || A.addDays(until, -13), until: s.until || until });
  });
  $("controls").addEventListener("submit", (e) => {
    e.preventDefault();
    if ($("from").value && $("until").value) change({ period: "custom", from: $("from").value, until: $("until").value });
  });
  tz.addEventListener("change", () => change({ tz: tz.value }));
  $("grain").addEventListener("change", () => change({ grain: $("grain").value }));
  $("split").addEventListener("change", () => change({ split: $("split").checked }));
  if ($("video-form")) {
    $("video-form").addEventListener("submit", (e) => {
      e.preventDefault();
      change({ video: $("video").value.trim(), bucket: $("bucket").value });
    });
  }
  window.addEventListener("popstate", () => { syncControls(); refresh(); });

  A.getJSON("/api/v1/courses").then((body) => {
    const row = body.rows.find((r) => r.course_key === course);
    if (row && row.name) $("course-name").textContent = row.name;
  }).catch(() => {});
  refresh();
})();
