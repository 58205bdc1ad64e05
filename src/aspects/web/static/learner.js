/* One learner (profile, their funnel, answers, watched seconds, activity), and learner search.
   Drawn from GET /api/v1/courses/{key}/learners/{id} and …/learners?q=. */
"use strict";
(function () {
  const A = window.Aspects;
  const _ = A._;
  const root = document.getElementById("learner-page");
  const course = root.dataset.course;
  const learner = root.dataset.learner;  // "" on the search page
  const $ = (id) => document.getElementById(id);
  const api = `/api/v1/courses/${encodeURI(course)}/learners`;
  const page = (id) => `/courses/${encodeURI(course)}/learners/${encodeURIComponent(id)}`;
  const KINDS = [["pages", _("Pages viewed"), "#2563eb"], ["videos", _("Videos watched"), "#7c3aed"],
    ["problems", _("Problems attempted"), "#16a34a"]];
  const ACTIVITY = { navigation: "#2563eb", video: "#7c3aed", problem: "#16a34a", forum: "#ea580c",
    enrollment: "#6b7280", grade: "#ca8a04" };
  let tz = new URLSearchParams(location.search).get("tz") || A.browserZone();
  let generation = 0;

  const yesNo = (v) => (v === null || v === undefined ? "–" : v ? _("Yes") : _("No"));
  const grade = (g) => (g === null || g === undefined ? _("no grade yet") : A.pct(g * 100));

  function link(text, href) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  /* ---- search: as you type, and from ?q= ---- */
  function drawResults(body) {
    const table = $("results-table");
    const columns = body.pii
      ? [["name", _("Learner")], ["username", _("Username")], ["email", _("E-mail")]]
      : [["anonymous_id", _("Learner (anonymous id)")]];
    columns.push(["track", _("Track")], ["last_visit", _("Last visit")], ["grade", _("Grade")]);
    const head = document.createElement("tr");
    for (const [, text] of columns) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      head.appendChild(th);
    }
    table.tHead.replaceChildren(head);
    table.tBodies[0].replaceChildren(...body.rows.map((r) => {
      const tr = document.createElement("tr");
      tr.dataset.id = r.anonymous_id;
      for (const [c] of columns) {
        const td = tr.insertCell();
        if (c === "name" || c === "anonymous_id") td.appendChild(link(r.name || r.username || r.anonymous_id, page(r.anonymous_id)));
        else if (c === "last_visit") td.textContent = A.formatInstant(r.last_visit, tz);
        else if (c === "grade") { td.textContent = grade(r.grade); td.className = "num"; }
        else td.textContent = r[c] || "–";
      }
      return tr;
    }));
    table.hidden = !body.rows.length;
  }

  async function search(q) {
    const status = $("results").querySelector(".empty");
    const next = new URLSearchParams(location.search);
    if (q) next.set("q", q); else next.delete("q");
    history.replaceState(null, "", next.toString() ? `?${next}` : location.pathname);
    const gen = ++generation;
    if (!q) {
      $("results-table").hidden = true;
      status.hidden = false;
      status.textContent = _("Type the start of a learner's name, username or e-mail address (or their anonymous id).");
      root.dataset.state = "ready";
      return;
    }
    root.dataset.state = "loading";
    try {
      const body = await A.getJSON(`${api}?${new URLSearchParams({ q })}`);
      if (gen !== generation) return;
      drawResults(body);
      status.hidden = body.rows.length > 0;
      status.textContent = body.pii
        ? _("No learner's name, username or e-mail starts with “{q}”.", { q })
        : _("No learner's anonymous id starts with “{q}” (you may not see names or e-mails in this course).", { q });
      root.dataset.state = "ready";
    } catch (err) {
      status.hidden = false;
      status.textContent = _("Could not search: {m}", { m: err.message });
      root.dataset.state = "error";
    }
  }

  /* ---- one learner ---- */
  function profile(body) {
    const p = body.profile;
    const who = p.name || p.username || p.anonymous_id;
    $("learner-name").textContent = who;
    document.title = `${who} · Aspects`;
    const hidden = _("not shown (you may not see names or e-mails in this course)");
    const fields = [
      ["name", _("Full name"), body.pii ? p.name || "–" : hidden],
      ["username", _("Username"), body.pii ? p.username || "–" : hidden],
      ["email", _("E-mail"), body.pii && p.email ? link(p.email, `mailto:${encodeURIComponent(p.email).replace("%40", "@")}`) : body.pii ? "–" : hidden],
      ["anonymous_id", _("Anonymous id"), p.anonymous_id],
      ["track", _("Enrollment track"), p.track || "–"],
      ["first_enrolled_at", _("First enrolled"), A.formatInstant(p.first_enrolled_at, tz)],
      ["enrolled_at", _("Latest enrollment"), A.formatInstant(p.enrolled_at, tz)],
      ["last_visit", _("Last visit"), A.formatInstant(p.last_visit, tz)],
      ["grade", _("Current grade"), grade(p.grade)],
      ["passed", _("Passed"), yesNo(p.passed)],
      ["current", _("Enrolled now"), yesNo(p.current)],
      ["at_risk", _("At risk"), p.at_risk ? link(_("Yes: in the at-risk group"), `/courses/${encodeURI(course)}/groups/at-risk`) : _("No")],
    ];
    $("profile-fields").replaceChildren(...fields.flatMap(([key, label, value]) => {
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.dataset.field = key;
      dd.append(value);
      return [dt, dd];
    }));
    const contact = $("contact");
    contact.hidden = !(body.pii && p.email);
    if (!contact.hidden) contact.href = `mailto:${encodeURIComponent(p.email).replace("%40", "@")}`;
  }

  function csv(card, part) {
    card.querySelector("a.csv").href = `${api}/${encodeURIComponent(learner)}/${part}.csv?${new URLSearchParams({ tz })}`;
  }

  /* Sections, then their subsections, as the CSV flattens them (groups/part_routes.py). */
  function sectionRows(sections) {
    const rows = [];
    const tally = (h, k) => ({ [`${k}_done`]: h[k] ? h[k].done : null, [`${k}_total`]: h[k] ? h[k].total : null });
    for (const s of sections) {
      for (const h of [s, ...s.subsections]) {
        const sub = h === s ? null : h.subsection;
        rows.push({ level: sub ? "subsection" : "section", section: s.section, subsection: sub, name: h.name,
          ...tally(h, "pages"), ...tally(h, "videos"), ...tally(h, "problems"),
          label: `${sub ? `${s.section}.${sub}` : s.section} ${h.name || ""}` });
      }
    }
    return rows;
  }

  function drawSections(card, body) {
    csv(card, "sections");
    const rows = sectionRows(body.sections);
    const columns = ["level", "section", "subsection", "name", "pages_done", "pages_total", "videos_done",
      "videos_total", "problems_done", "problems_total"];
    A.fillTable(card.querySelector("table"), columns, rows, A.cellFormat);
    if (!rows.length) return A.empty(card, _("No sections: the course structure has not been loaded (aspects load --table course_blocks)."));
    A.empty(card, "");
    const y = rows.map((r, i) => i);
    return A.plot(card, KINDS.map(([k, name, color]) => ({
      type: "bar", orientation: "h", name, y, marker: { color },
      x: rows.map((r) => (r[`${k}_total`] ? (100 * r[`${k}_done`]) / r[`${k}_total`] : null)),
      customdata: rows.map((r) => [r.label, r[`${k}_total`] ? _("{d} of {t}", { d: r[`${k}_done`], t: r[`${k}_total`] }) : "—"]),
      hovertemplate: `%{customdata[0]}: %{customdata[1]} ${name.toLowerCase()}<extra></extra>`,
    })), {
      barmode: "group", height: Math.max(240, 90 + rows.length * 34),
      legend: { orientation: "h", x: 0, y: 1.0, yanchor: "bottom" }, margin: { ...A.BASE.margin, t: 30, l: 10 },
      yaxis: { autorange: "reversed", tickvals: y, ticktext: rows.map((r) => r.label), automargin: true },
      xaxis: { title: { text: _("% of the items of the section or subsection") }, range: [0, 100] },
    });
  }

  function drawProblems(card, body) {
    csv(card, "problems");
    const columns = ["problem", "name", "section", "subsection", "submissions", "attempts", "correct", "score"];
    A.fillTable(card.querySelector("table"), columns, body.problems, (c, v) => (
      c === "correct" ? yesNo(v) : c === "score" ? (v === null ? "–" : A.pct(v * 100)) : A.cellFormat(c, v)));
    const note = card.querySelector(".note");
    note.hidden = !body.problems.length || body.problems.some((p) => p.submissions);
    note.textContent = _("They have not submitted an answer to any problem yet.");
    A.empty(card, body.problems.length ? "" : _("No problems: the course has none, or its structure has not been loaded (aspects load --table course_blocks)."));
    card.querySelector(".table-view").hidden = !body.problems.length;
  }

  function drawVideos(card, body) {
    csv(card, "videos");
    const videos = body.videos;
    A.fillTable(card.querySelector("table"), ["video", "name", "watched_seconds", "length", "watched_pct"], videos, A.cellFormat);
    if (!videos.length) return A.empty(card, _("No videos: the course has none, or its structure has not been loaded (aspects load --table course_blocks)."));
    A.empty(card, "");
    const note = card.querySelector(".note");
    note.hidden = videos.some((v) => v.watched_seconds);
    note.textContent = _("They have not watched any video yet.");
    const label = (v) => `${v.section ? `${v.section}.${v.subsection} ` : ""}${v.name || v.video.split("@").pop()} · ${
      v.watched_seconds ? A.pct(v.watched_pct) : _("not watched")}`;
    const y = videos.map((v, i) => i);
    const segments = videos.flatMap((v, i) => v.segments.map(([a, b]) => ({ i, a, b, v })));
    return A.plot(card, [
      { type: "bar", orientation: "h", name: _("Video length"), y, x: videos.map((v) => v.length || 0), base: 0,
        marker: { color: "#e5e7eb" }, width: 0.6, customdata: videos.map((v) => [label(v)]),
        hovertemplate: `%{customdata[0]}: %{x:.0f} ${_("seconds long")}<extra></extra>` },
      { type: "bar", orientation: "h", name: _("Watched"), y: segments.map((s) => s.i), base: segments.map((s) => s.a),
        x: segments.map((s) => s.b - s.a), marker: { color: "#7c3aed" }, width: 0.6,
        customdata: segments.map((s) => [label(s.v), s.b, s.v.watched_seconds]),
        hovertemplate: `%{customdata[0]}: ${_("watched")} %{base:.1f}–%{customdata[1]:.1f} s (%{customdata[2]} s ${_("in all")})<extra></extra>` },
    ], {
      barmode: "overlay", height: Math.max(200, 90 + videos.length * 30),
      legend: { orientation: "h", x: 0, y: 1.0, yanchor: "bottom" }, margin: { ...A.BASE.margin, t: 30, l: 10 },
      yaxis: { autorange: "reversed", tickvals: y, ticktext: videos.map(label), automargin: true },
      xaxis: { title: { text: _("Seconds into the video") }, rangemode: "tozero" },
    });
  }

  function drawTimeline(card, body) {
    csv(card, "timeline");
    A.fillTable(card.querySelector("table"), ["day", "kind", "statements"], body.timeline, A.cellFormat,
      { day: _("Day"), kind: _("Kind"), statements: _("Actions") });
    if (!body.timeline.length) return A.empty(card, _("No activity recorded for them in this course yet."));
    A.empty(card, "");
    const present = new Set(body.timeline.map((r) => r.kind));
    const kinds = Object.keys(ACTIVITY).filter((k) => present.has(k)).concat([...present].filter((k) => !(k in ACTIVITY)));
    return A.plot(card, kinds.map((kind) => {
      const rows = body.timeline.filter((r) => r.kind === kind);
      return {
        type: "bar", name: kind, marker: { color: ACTIVITY[kind] || "#6b7280" },
        x: rows.map((r) => `${r.day} 12:00`), y: rows.map((r) => r.statements), width: rows.map(() => 0.8 * 86400000),
        hovertemplate: `%{x|%b %-d, %Y}: %{y} ${kind} ${_("actions")}<extra></extra>`,
      };
    }), {
      barmode: "stack", legend: { orientation: "h", x: 0, y: 1.0, yanchor: "bottom", traceorder: "normal" },
      margin: { ...A.BASE.margin, t: 30 },
      xaxis: { title: { text: _("Day ({tz})", { tz }) }, type: "date" },
      yaxis: { title: { text: _("Actions (page views, plays, answers…)") }, rangemode: "tozero" },
    });
  }

  async function load() {
    const gen = ++generation;
    root.dataset.state = "loading";
    try {
      const body = await A.getJSON(`${api}/${encodeURIComponent(learner)}?${new URLSearchParams({ tz })}`);
      if (gen !== generation) return;
      $("as-of").textContent = _("As of {when}", { when: A.formatInstant(body.params.as_of, tz) });
      profile(body);
      drawSections($("learner-sections"), body);
      drawProblems($("learner-problems"), body);
      drawVideos($("learner-videos"), body);
      drawTimeline($("learner-timeline"), body);
      root.dataset.state = "ready";
    } catch (err) {
      if (gen !== generation) return;
      const box = $("profile").querySelector(".empty");
      box.hidden = false;
      box.textContent = _("Could not load this learner: {m}", { m: err.message });
      root.querySelectorAll(".grid .card").forEach((c) => { c.hidden = true; });
      root.dataset.state = "error";
    }
  }

  /* ---- start ---- */
  if (!learner) {
    const q = $("q");
    q.value = new URLSearchParams(location.search).get("q") || "";
    let timer = 0;
    q.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => search(q.value.trim()), 250); });
    $("search-form").addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(timer); search(q.value.trim()); });
    search(q.value.trim());
    return;
  }
  const select = $("tz");
  const zones = A.zones();
  if (!zones.includes(tz)) zones.unshift(tz);
  for (const zone of zones) select.add(new Option(zone.replace(/_/g, " "), zone));
  select.value = tz;
  const keep = () => history.replaceState(null, "", `?${new URLSearchParams({ tz })}`);
  select.addEventListener("change", () => { tz = select.value; keep(); load(); });
  keep();  // the browser's zone goes into the URL, so a shared link keeps it
  load();
})();
