/* A learner group: its learners (sorted, paged, CSV, e-mail), who they are, the course reports
   restricted to them, and the form that saves a custom group. Drawn from the group JSON. */
"use strict";
(function () {
  const A = window.Aspects;
  const _ = A._;
  const root = document.getElementById("group-page");
  const course = root.dataset.course;
  const group = root.dataset.group;  // "" on the new-group page
  const $ = (id) => document.getElementById(id);
  const api = `/api/v1/courses/${encodeURI(course)}`;
  const groupApi = group ? `${api}/groups/${encodeURIComponent(group)}` : "";
  const page = (path) => `/courses/${encodeURI(course)}${path}`;
  const SIZES = [25, 50, 100];
  /* Oldest last visit first (learners who never visited last): who has been away longest. */
  const DEFAULT_SORT = "last_visit";
  const form = $("group-form");  // on the new-group page and custom groups' pages
  let generation = 0;
  // One instant for every request of a drawing of the page: the parts agree, and the server
  // computes the group's roster once for all of them (groups/roster.py).
  let asOf = new Date().toISOString();

  /* ---- state: the URL query string is the one source ---- */
  function readState() {
    const p = new URLSearchParams(location.search);
    const size = Number(p.get("page_size"));
    return {
      tz: p.get("tz") || A.browserZone(),
      grain: ["day", "week", "month"].includes(p.get("grain")) ? p.get("grain") : "week",
      inactive: /^[1-9]\d*$/.test(p.get("inactive_days") || "") ? p.get("inactive_days") : "",
      sort: /^-?\w+$/.test(p.get("sort") || "") ? p.get("sort") : DEFAULT_SORT,
      page: Math.max(1, Math.floor(Number(p.get("page"))) || 1),
      size: SIZES.includes(size) ? size : SIZES[0],
    };
  }

  function writeState(s, push) {
    const p = new URLSearchParams({ tz: s.tz });
    if (s.grain !== "week") p.set("grain", s.grain);
    if (s.inactive) p.set("inactive_days", s.inactive);
    if (s.sort !== DEFAULT_SORT) p.set("sort", s.sort);
    if (s.page > 1) p.set("page", String(s.page));
    if (s.size !== SIZES[0]) p.set("page_size", String(s.size));
    history[push ? "pushState" : "replaceState"](null, "", `?${p}`);
  }

  /* The group API's parameters (groups/http.py): zone, at-risk threshold, and extras. */
  function query(s, extra) {
    const q = new URLSearchParams({ tz: s.tz, as_of: asOf, ...(extra || {}) });
    if (s.inactive) q.set("inactive_days", s.inactive);
    return q;
  }

  /* ---- the groups of the course, and this group's definition ---- */
  const FILTER_TEXT = {
    track: (v) => _("track {v}", { v: [].concat(v).join(" or ") }),
    enrolled_from: (v) => _("first enrolled on or after {v}", { v }),
    enrolled_to: (v) => _("first enrolled before {v}", { v }),
    last_visit_after: (v) => _("last visit on or after {v}", { v }),
    last_visit_before: (v) => _("last visit before {v}, or never visited", { v }),
    grade_min: (v) => _("grade at least {v}", { v: A.pct(v * 100) }),
    grade_max: (v) => _("grade at most {v}", { v: A.pct(v * 100) }),
    passed: (v) => (v ? _("passed") : _("not passed")),
    engaged: (v) => (v ? _("engaged beyond the course home page") : _("not engaged beyond the course home page")),
    current: (v) => (v ? _("enrolled now") : _("not enrolled now")),
    visited_section: (v) => _("visited section {v}", { v }),
  };

  function describe(info) {
    if (info.kind === "built-in") return _("Who is in it: {d}.", { d: info.definition });
    const parts = Object.entries(info.filters || {}).map(([k, v]) => (FILTER_TEXT[k] ? FILTER_TEXT[k](v) : `${k} ${v}`));
    return parts.length ? _("Who is in it: learners with {d}.", { d: parts.join("; ") })
      : _("Who is in it: every learner ever enrolled (no condition).");
  }

  /* The course's groups with their sizes (one call gives this group's definition too). */
  async function loadNav(s) {
    const body = await A.getJSON(`${api}/groups?${query(s)}`);
    const links = body.groups.map((g) => {
      const a = document.createElement("a");
      a.href = page(`/groups/${encodeURIComponent(g.id)}`);
      a.textContent = _("{name} ({size})", { name: g.name, size: A.fmt(g.size) });
      a.dataset.group = g.id;
      if (g.id === group) a.setAttribute("aria-current", "page");
      return a;
    });
    $("group-links").replaceChildren(...links);
    return { groups: body.groups, params: body.params };
  }

  function showDefinition(nav, s) {
    const info = nav.groups.find((g) => g.id === group);
    if (!info) throw new Error(_("this group no longer exists"));
    $("group-name").textContent = info.name;
    document.title = `${info.name} · Aspects`;
    $("definition").textContent = describe(info);
    $("as-of").textContent = _("{n} learners as of {when} ({tz})", {
      n: A.fmt(info.size), when: A.formatInstant(nav.params.as_of, s.tz), tz: s.tz });
    if ($("inactive") && !$("inactive").value) $("inactive").value = nav.params.inactive_days;
    return info;
  }

  /* ---- the learner table: sorted and paged by the API ---- */
  /* What makes a learner at risk comes right after who they are (visible at 768 px without
     scrolling); username and e-mail last. */
  function learnerColumns(pii) {
    const who = pii ? [["name", _("Learner")]] : [["anonymous_id", _("Learner (anonymous id)")]];
    const contact = pii ? [["username", _("Username")], ["email", _("E-mail")]] : [];
    return who.concat([["last_visit", _("Last visit")], ["grade", _("Grade")], ["passed", _("Passed")],
      ["track", _("Track")], ["first_enrolled_at", _("First enrolled")]], contact);
  }

  /* A date in the viewer's zone; the time of day on hover. */
  function time(iso, tz) {
    if (!iso) return document.createTextNode("–");
    const t = document.createElement("time");
    t.dateTime = iso;
    t.textContent = new Intl.DateTimeFormat(undefined, { timeZone: tz, dateStyle: "medium" }).format(new Date(iso));
    t.title = A.formatInstant(iso, tz);
    return t;
  }

  function learnerCell(r, c, s) {
    if (c === "name" || c === "anonymous_id") {
      const a = document.createElement("a");
      a.href = page(`/learners/${encodeURIComponent(r.anonymous_id)}`);
      a.textContent = r.name || r.username || r.anonymous_id;
      return a;
    }
    if (c === "first_enrolled_at" || c === "last_visit") return time(r[c], s.tz);
    if (c === "grade") return document.createTextNode(r.grade === null ? _("no grade yet") : A.pct(r.grade * 100));
    if (c === "passed") return document.createTextNode(r.passed ? _("Yes") : _("No"));
    return document.createTextNode(r[c] === "" || r[c] === null ? "–" : String(r[c]));
  }

  function drawLearners(body, s) {
    const table = $("learners-table");
    const columns = learnerColumns(body.pii);
    const tr = document.createElement("tr");
    for (const [c, text] of columns) {
      const th = document.createElement("th");
      th.scope = "col";
      const key = c;  // the API sorts by the same column names (groups/roster.py COLUMNS)
      th.setAttribute("aria-sort", s.sort === key ? "ascending" : s.sort === `-${key}` ? "descending" : "none");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = text;
      button.addEventListener("click", () => changeTable({ sort: s.sort === key ? `-${key}` : key, page: 1 }));
      th.appendChild(button);
      tr.appendChild(th);
    }
    table.tHead.replaceChildren(tr);
    table.tBodies[0].replaceChildren(...body.rows.map((r) => {
      const row = document.createElement("tr");
      row.dataset.id = r.anonymous_id;
      for (const [c] of columns) {
        const td = row.insertCell();
        td.dataset.column = c;
        td.appendChild(learnerCell(r, c, s));
        if (c === "grade") td.className = "num nowrap";
        if (c === "first_enrolled_at" || c === "last_visit") td.className = "nowrap";
      }
      return row;
    }));
    const first = (body.page - 1) * body.page_size;
    $("page-status").textContent = body.total
      ? _("Learners {a}–{b} of {n}", { a: A.fmt(first + 1), b: A.fmt(first + body.rows.length), n: A.fmt(body.total) }) : "";
    $("prev").disabled = body.page <= 1;
    $("next").disabled = first + body.rows.length >= body.total;
    $("page-size").value = String(s.size);
  }

  async function loadLearners(s, gen) {
    const card = $("learners-card");
    const q = query(s, { page: String(s.page), page_size: String(s.size) });
    if (s.sort) q.set("sort", s.sort);
    $("learners-csv").href = `${groupApi}/learners.csv?${query(s, s.sort ? { sort: s.sort } : {})}`;
    const body = await A.getJSON(`${groupApi}/learners?${q}`);
    if (gen !== generation) return;
    if (!body.rows.length && body.total && s.page > 1) {  // the group shrank: its last page
      return changeTable({ page: Math.ceil(body.total / s.size) }, false);
    }
    const none = group === "at-risk"
      ? _("Nobody is at risk now: every current enrollee who has engaged has visited recently or has passed.")
      : _("Nobody is in this group now: no learner meets every condition of its definition.");
    const message = card.querySelector(".empty");
    message.textContent = body.total ? "" : none;
    message.hidden = Boolean(body.total);
    card.querySelector(".table-scroll").hidden = !body.total;
    card.querySelector(".pager").hidden = !body.total;
    drawLearners(body, s);
  }

  /* The "Email these learners" button: a mailto: with every e-mail in BCC (the contact API). */
  async function loadContact(s) {
    const body = await A.getJSON(`${groupApi}/contact?${query(s)}`);
    const button = $("email");
    const notes = [];
    button.hidden = !body.mailto;
    if (body.mailto) {
      button.href = body.mailto;
      button.title = _("Opens your e-mail program with {n} addresses in BCC", { n: A.fmt(body.emails.length) });
      if (body.mailto.length > 2000) {
        notes.push(_("Some e-mail programs cut long address lists short: if yours does, copy the addresses from the CSV."));
      }
    }
    if (!body.pii) notes.push(_("You may not see this course's learners' e-mail addresses, so there is no e-mail button."));
    else if (body.learners && !body.emails.length) notes.push(_("None of these learners has an e-mail address on record."));
    else if (body.without_email) notes.push(_("{n} of these learners have no e-mail address and are not in the e-mail.", { n: A.fmt(body.without_email) }));
    $("contact-note").textContent = notes.join(" ");
    $("contact-note").hidden = !notes.length;
  }

  /* ---- who they are: track breakdown and distributions (…/summary) ---- */
  function table(cardEl, columns, rows) {
    A.fillTable(cardEl.querySelector("table"), columns, rows, A.cellFormat);
  }

  function csv(cardEl, part, s) {
    cardEl.querySelector("a.csv").href = `${groupApi}/summary/${part}.csv?${query(s, { grain: s.grain })}`;
  }

  function dateBars(cardEl, rows, s, what) {
    const days = { day: 1, week: 7, month: 28 }[s.grain];
    const unit = { day: _("Day"), week: _("Week starting"), month: _("Month starting") }[s.grain];
    return A.plot(cardEl, [{
      type: "bar", x: rows.map((r) => r.bucket), y: rows.map((r) => r.learners), marker: { color: "#2563eb" },
      width: rows.map(() => days * 86400000 * 0.8), offset: 0,
      hovertemplate: `${unit} %{x|%b %-d, %Y}: %{y} ${_("learners")}<extra></extra>`,
    }], {
      xaxis: { title: { text: `${what}: ${unit.toLowerCase()} (${s.tz})` }, type: "date" },
      yaxis: { title: { text: _("Learners in the group") }, rangemode: "tozero" },
    });
  }

  async function loadSummary(s, gen) {
    const body = await A.getJSON(`${groupApi}/summary?${query(s, { grain: s.grain })}`);
    if (gen !== generation) return;
    const nobody = _("Nobody is in this group now, so there is nothing to count.");
    const tracks = $("summary-tracks");
    csv(tracks, "tracks", s);
    table(tracks, ["track", "learners", "pct"], body.tracks);
    if (!body.learners) A.empty(tracks, nobody);
    else {
      A.empty(tracks, "");
      A.plot(tracks, [{
        type: "bar", x: body.tracks.map((r) => r.track), y: body.tracks.map((r) => r.learners),
        text: body.tracks.map((r) => `${A.fmt(r.learners)} · ${A.pct(r.pct)}`), textposition: "outside", cliponaxis: false,
        marker: { color: "#2563eb" }, hovertemplate: `%{x}: %{y} ${_("learners")} (%{text})<extra></extra>`,
      }], { xaxis: { title: { text: _("Enrollment track") }, type: "category" },
        yaxis: { title: { text: _("Learners in the group") }, rangemode: "tozero" } });
    }
    const grades = $("summary-grades");
    csv(grades, "grades", s);
    table(grades, ["bucket", "learners"], body.grades);
    if (!body.learners) A.empty(grades, nobody);
    else { A.empty(grades, ""); A.gradeChart(grades, body.grades, _("Learners in the group")); }

    const enrolled = $("summary-enrolled");
    csv(enrolled, "first_enrolled_at", s);
    table(enrolled, ["bucket", "learners"], body.first_enrolled_at);
    if (!body.first_enrolled_at.length) A.empty(enrolled, nobody);
    else { A.empty(enrolled, ""); dateBars(enrolled, body.first_enrolled_at, s, _("First enrollment")); }

    const visits = $("summary-visits");
    csv(visits, "last_visit", s);
    const rows = body.last_visit.concat([{ bucket: _("never visited"), learners: body.never_visited }]);
    table(visits, ["bucket", "learners"], rows);
    const note = visits.querySelector(".note");
    note.hidden = !body.never_visited;
    note.textContent = _("{n} of the group's learners have never visited the course (not in the chart).", { n: A.fmt(body.never_visited) });
    if (!body.last_visit.length) {
      A.empty(visits, body.learners ? _("None of the group's learners has visited the course yet.") : nobody);
    } else { A.empty(visits, ""); dateBars(visits, body.last_visit, s, _("Last visit")); }
  }

  /* ---- the course reports restricted to the group (…/reports/{name}) ---- */
  async function loadReport(cardEl, s, gen) {
    const name = cardEl.dataset.report;
    cardEl.querySelector("a.csv").href = `${groupApi}/reports/${name}.csv?${query(s)}`;
    const body = await A.getJSON(`${groupApi}/reports/${name}?${query(s)}`);
    if (gen !== generation) return;
    A.empty(cardEl, "");
    A.fillTable(cardEl.querySelector("table"), body.columns, body.rows, A.cellFormat);
    if (name === "grades-summary") {
      const r = body.rows[0];
      if (!r || !r.current_enrollees) return A.empty(cardEl, _("Nobody in this group is enrolled now, so there are no grades to sum up."));
      return A.tiles(cardEl, [
        { key: "passing", value: r.passing, text: A.fmt(r.passing), label: _("learners passing"),
          sub: _("{p} of {n} enrolled now", { p: A.pct(r.passing_pct), n: A.fmt(r.current_enrollees) }) },
        { key: "mean_grade_pct", value: r.mean_grade_pct, text: A.pct(r.mean_grade_pct), label: _("mean grade"),
          sub: _("of {n} graded learners", { n: A.fmt(r.graded) }) },
        { key: "median_grade_pct", value: r.median_grade_pct, text: A.pct(r.median_grade_pct), label: _("median grade") },
      ]);
    }
    if (!body.rows.length) {
      return A.empty(cardEl, _("No rows: nobody in this group has activity here yet, or the course structure has not been loaded (aspects load --table course_blocks)."));
    }
    return A.drawGeneric(cardEl, body);
  }

  /* ---- loading ---- */
  async function run(jobs) {
    const gen = generation;
    root.dataset.state = "loading";
    const results = await Promise.allSettled(jobs);
    if (gen === generation) root.dataset.state = results.some((r) => r.status === "rejected") ? "error" : "ready";
  }

  function failed(target) {
    return (err) => {
      const box = target && target.querySelector(".empty");
      if (box) { box.textContent = _("Could not load this: {m}", { m: err.message }); box.hidden = false; }
      throw err;
    };
  }

  function refresh() {
    const s = readState();
    const gen = ++generation;
    asOf = new Date().toISOString();  // a new drawing: now; paging and sorting keep the instant
    if (!group) return run([loadNav(s), loadTracks([])]);
    const reports = [...document.querySelectorAll("section.card[id^='r-']")];
    return run([
      loadNav(s).then((nav) => {
        const info = showDefinition(nav, s);
        return form && !form.dataset.filled ? prefill(info) : null;
      }).catch((err) => {
        $("definition").textContent = _("Could not load this group: {m}", { m: err.message });
        throw err;
      }),
      loadLearners(s, gen).catch(failed($("learners-card"))),
      loadContact(s),
      loadSummary(s, gen).catch(failed(root.querySelector("#summary-tracks"))),
      ...reports.map((c) => loadReport(c, s, gen).catch(failed(c))),
    ]);
  }

  function changeTable(update, push = true) {
    writeState({ ...readState(), ...update }, push);
    const s = readState();
    const gen = ++generation;
    return run([loadLearners(s, gen).catch(failed($("learners-card")))]);
  }

  /* ---- the custom-group form: fields are the filters the API validates (groups/rules.py) ---- */
  const DATES = ["enrolled_from", "enrolled_to", "last_visit_after", "last_visit_before"];
  const CHOICES = ["current", "engaged", "passed"];

  async function loadTracks(selected) {
    const box = $("f-track");
    if (!box) return;
    let tracks = [];
    try {
      tracks = (await A.getJSON(`${api}/reports/enrollment-by-track`)).rows.map((r) => r.track);
    } catch (err) { /* the form still works with the group's own tracks */ }
    const all = [...new Set(tracks.concat(selected))].sort();
    const legend = box.querySelector("legend");
    const labels = all.map((t) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.name = "track";
      input.value = t;
      input.checked = selected.includes(t);
      label.append(input, ` ${t}`);
      return label;
    });
    if (!all.length) {
      const p = document.createElement("span");
      p.className = "note";
      p.textContent = _("Nobody is enrolled yet, so there are no tracks to choose from.");
      labels.push(p);
    }
    box.replaceChildren(legend, ...labels);
  }

  function prefill(info) {
    const f = info.filters || {};
    form.dataset.filled = "1";  // once: a change of zone must not undo what is being typed
    $("f-name").value = info.name;
    for (const d of DATES) $(`f-${d}`).value = f[d] ? String(f[d]).slice(0, 10) : "";
    for (const c of CHOICES) $(`f-${c}`).value = c in f ? String(f[c]) : "";
    $("f-visited_section").value = f.visited_section || "";
    for (const g of ["grade_min", "grade_max"]) $(`f-${g}`).value = g in f ? String(Math.round(f[g] * 100000) / 1000) : "";
    return loadTracks([].concat(f.track || []));
  }

  function readForm() {
    const filters = {};
    const tracks = [...document.querySelectorAll("#f-track input:checked")].map((i) => i.value);
    if (tracks.length) filters.track = tracks;
    for (const d of DATES) if ($(`f-${d}`).value) filters[d] = $(`f-${d}`).value;
    for (const c of CHOICES) if ($(`f-${c}`).value) filters[c] = $(`f-${c}`).value === "true";
    if ($("f-visited_section").value) filters.visited_section = Number($("f-visited_section").value);
    for (const g of ["grade_min", "grade_max"]) {
      if ($(`f-${g}`).value !== "") filters[g] = Number((Number($(`f-${g}`).value) / 100).toFixed(6));
    }
    return { name: $("f-name").value, filters };
  }

  function showError(message, field) {
    const box = $("form-error");
    box.textContent = message ? _("The group was not saved: {m}", { m: message }) : "";
    box.hidden = !message;
    document.querySelectorAll("#group-form [aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
    const target = field && $(`f-${field}`);
    if (target) {
      target.setAttribute("aria-invalid", "true");
      target.setAttribute("aria-describedby", "form-error");
      (target.querySelector("input") || target).focus();
    }
  }

  async function save(e) {
    e.preventDefault();
    showError("");
    $("form-status").textContent = _("Saving…");
    const result = await A.send(group ? "PUT" : "POST", group ? groupApi : `${api}/groups`, readForm());
    $("form-status").textContent = "";
    if (!result.ok) return showError(result.body.error || `HTTP ${result.status}`, result.body.filter);
    if (!group) return location.assign(page(`/groups/${encodeURIComponent(result.body.id)}?${query(readState())}`));
    $("form-status").textContent = _("Saved.");
    delete form.dataset.filled;
    return refresh();
  }

  async function remove() {
    if (!window.confirm(_("Delete the group “{name}”? Only its definition goes; no learner data changes.", { name: $("group-name").textContent }))) return;
    const result = await A.send("DELETE", groupApi);
    if (!result.ok) return showError(result.body.error || `HTTP ${result.status}`);
    return location.assign(page("/"));
  }

  /* ---- controls ---- */
  const initial = readState();
  if ($("tz")) {
    const zones = A.zones();
    if (!zones.includes(initial.tz)) zones.unshift(initial.tz);
    for (const zone of zones) $("tz").add(new Option(zone.replace(/_/g, " "), zone));
    $("tz").value = initial.tz;
    $("grain").value = initial.grain;
    if ($("inactive")) $("inactive").value = initial.inactive;
    $("tz").addEventListener("change", () => { writeState({ ...readState(), tz: $("tz").value }, true); refresh(); });
    $("grain").addEventListener("change", () => {
      writeState({ ...readState(), grain: $("grain").value }, true);
      const s = readState();
      run([loadSummary(s, ++generation)]);
    });
    $("controls").addEventListener("submit", (e) => {
      e.preventDefault();
      if ($("inactive") && $("inactive").checkValidity()) {
        writeState({ ...readState(), inactive: $("inactive").value, page: 1 }, true);
        refresh();
      }
    });
    $("prev").addEventListener("click", () => changeTable({ page: readState().page - 1 }));
    $("next").addEventListener("click", () => changeTable({ page: readState().page + 1 }));
    $("page-size").addEventListener("change", () => changeTable({ size: Number($("page-size").value), page: 1 }));
  }
  if (form) form.addEventListener("submit", (e) => { save(e).catch((err) => showError(err.message)); });
  if ($("delete")) $("delete").addEventListener("click", () => { remove().catch((err) => showError(err.message)); });
  window.addEventListener("popstate", () => {
    const s = readState();
    if ($("tz")) { $("tz").value = s.tz; $("grain").value = s.grain; }
    refresh();
  });
  writeState(initial, false);  // the browser's zone goes into the URL, so a shared link keeps it
  refresh();
})();
