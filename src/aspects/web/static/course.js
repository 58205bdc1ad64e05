/* The course dashboard: one period and one time zone (kept in the URL) drive every report. */
"use strict";
(function () {
  const A = window.Aspects;
  const root = document.getElementById("dashboard");
  const course = root.dataset.course;
  const $ = (id) => document.getElementById(id);
  const { _, BASE, empty, tiles, plot, rowLabel } = A;  // shared with the group and learner pages
  // Whole sentences per grain, so a translation can put the words in its own order.
  const OVER_TIME_TITLE = {
    day: _("Learners enrolled at the end of each day"),
    week: _("Learners enrolled at the end of each week"),
    month: _("Learners enrolled at the end of each month"),
  };
  const BUCKET_AXIS = {
    day: (tz) => _("Day starting ({tz})", { tz }),
    week: (tz) => _("Week starting ({tz})", { tz }),
    month: (tz) => _("Month starting ({tz})", { tz }),
  };
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
    if (s.video) p.set("video", s.video);
    if (s.bucket !== "5") p.set("bucket", s.bucket);
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
  const DRAW = {
    "enrollment-summary"(card, body, s) {
      const r = body.rows[0];
      const end = atPeriodEnd(s);
      if (!r || !r.total_enrollees) return empty(card, _("No enrollments yet: no learner has enrolled in this course by the end of the period."));
      tiles(card, [
        { key: "total_enrollees", value: r.total_enrollees, text: A.fmt(r.total_enrollees),
          label: end ? _("ever enrolled by the end of the period") : _("ever enrolled") },
        { key: "current_enrollees", value: r.current_enrollees, text: A.fmt(r.current_enrollees),
          label: end ? _("enrolled at the end of the period") : _("enrolled now"),
          sub: _("{pct} of ever enrolled", { pct: A.pct(r.current_pct) }) },
      ]);
    },
    "enrollment-by-track"(card, body, s) {
      if (!body.rows.length) return empty(card, _("No current enrollees: nobody is enrolled at the end of the period."));
      return plot(card, [{
        type: "bar", x: body.rows.map((r) => r.track), y: body.rows.map((r) => r.current_enrollees),
        text: body.rows.map((r) => `${A.fmt(r.current_enrollees)} · ${A.pct(r.pct)}`), textposition: "auto",
        marker: { color: "#2563eb" },
        hovertemplate: _("%{x}: %{y} learners (%{text})") + "<extra></extra>",  // a translation keeps the %{…} placeholders
      }], { xaxis: { title: { text: _("Track") } }, yaxis: { title: { text: enrolledTitle(s) }, rangemode: "tozero" } });
    },
    "enrollment-over-time"(card, body, s) {
      $("enrollment-over-time-title").textContent = OVER_TIME_TITLE[s.grain];
      if (!body.rows.length) return empty(card, _("No enrollments yet in this period."));
      const tracks = s.split ? [...new Set(body.rows.map((r) => r.track))].filter((t) => t !== "all") : ["all"];
      return plot(card, tracks.map((track) => {
        const rows = body.rows.filter((r) => r.track === track);
        return {
          type: "scatter", mode: "lines+markers", name: track === "all" ? _("All tracks") : track,
          x: rows.map((r) => r.bucket_start), y: rows.map((r) => r.current_at_end),
          customdata: rows.map((r) => [r.new, r.unenrolled]),
          hovertemplate: _("%{y} enrolled (+%{customdata[0]} new, −%{customdata[1]} left)") + "<extra>%{fullData.name}</extra>",
        };
      }), {
        hovermode: "x unified", showlegend: s.split, legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom" },
        margin: { ...BASE.margin, t: s.split ? 40 : 10 },
        xaxis: { title: { text: BUCKET_AXIS[s.grain](s.tz) }, type: "date" },
        yaxis: { title: { text: _("Learners enrolled") }, rangemode: "tozero" },
      });
    },
    "enrollment-change"(card, body) {
      const note = card.querySelector(".note");
      note.hidden = false;
      note.textContent = body.params.from
        ? _("From {from} up to (not including) {to}, {tz}.", { from: body.params.from, to: body.params.to, tz: body.params.tz })
        : _("Over the whole course run, up to (not including) {to}, {tz}.", { to: body.params.to, tz: body.params.tz });
      if (!body.rows.length) return empty(card, _("No enrollment changes in this period."));
    },
    "grades-summary"(card, body, s) {
      const r = body.rows[0];
      if (!r || !r.current_enrollees) return empty(card, _("No current enrollees yet, so no grades."));
      tiles(card, [
        { key: "passing", value: r.passing, text: A.fmt(r.passing), label: _("learners passing"),
          sub: atPeriodEnd(s)
            ? _("{pct} of {n} enrolled at the end of the period", { pct: A.pct(r.passing_pct), n: A.fmt(r.current_enrollees) })
            : _("{pct} of {n} enrolled now", { pct: A.pct(r.passing_pct), n: A.fmt(r.current_enrollees) }) },
        { key: "mean_grade_pct", value: r.mean_grade_pct, text: A.pct(r.mean_grade_pct), label: _("mean grade"),
          sub: _("of {n} graded learners", { n: A.fmt(r.graded) }) },
        { key: "median_grade_pct", value: r.median_grade_pct, text: A.pct(r.median_grade_pct), label: _("median grade") },
      ]);
    },
    "grade-distribution"(card, body, s) {
      if (!body.rows.some((r) => r.learners)) return empty(card, _("No current enrollees yet, so no grades."));
      return A.gradeChart(card, body.rows, enrolledTitle(s));
    },
    "video-segments"(card, body) {
      if (!body.rows.length) return empty(card, _("No views of this video yet."));
      return plot(card, [{
        type: "bar", x: body.rows.map((r) => r.segment_start), y: body.rows.map((r) => r.views),
        width: body.rows.map((r) => r.segment_end - r.segment_start), offset: 0, marker: { color: "#7c3aed" },
        customdata: body.rows.map((r) => [r.segment_end, r.learners]),
        hovertemplate: _("%{x}–%{customdata[0]} s: %{y} views by %{customdata[1]} learners") + "<extra></extra>",
      }], { xaxis: { title: { text: _("Seconds into the video") } }, yaxis: { title: { text: _("Views") }, rangemode: "tozero" } });
    },
  };

  /* Reports of other issues (engagement, content): a chart when their columns fit one. */
  const GENERIC = A.drawGeneric;
  const format = A.cellFormat;

  /* The video watchers' rows of the current drawing: the video picker offers them, and
     without a chosen video the most watched one is shown. */
  let watchers = null;
  let watchersLoaded = () => {};

  function videoLabel(r) { return r.name ? rowLabel(r) : _("A video not in the course outline"); }

  async function chosenVideo(s, gen) {
    if (s.video) return s.video;
    const rows = await watchers;
    if (gen !== generation || !rows) return "";
    const top = rows.reduce((best, r) => (r.viewers > (best ? best.viewers : 0) ? r : best), null);
    return top ? top.video_id : "";
  }

  function offerVideos(rows, s) {
    const picker = $("video");
    const options = rows.map((r) => new Option(`${videoLabel(r)} (${_("{n} viewers", { n: A.fmt(r.viewers) })})`, r.video_id));
    picker.replaceChildren(new Option(_("The most watched video"), ""), ...options);
    picker.value = s.video;
  }

  async function load(card, s, gen) {
    const report = card.dataset.report;
    const extra = {};
    if (report === "video-segments") {
      const video = await chosenVideo(s, gen);
      if (gen !== generation) return;
      const csv = card.querySelector("[data-csv]");
      if (!video) {
        csv.hidden = true;
        $("video-shown").hidden = true;
        return empty(card, _("No video of this course has been watched yet."));
      }
      Object.assign(extra, { video, bucket: s.bucket });
      const row = (await watchers || []).find((r) => r.video_id === video);
      $("video-shown").hidden = false;
      $("video-shown").textContent = s.video ? _("Showing {video}.", { video: row ? videoLabel(row) : video })
        : _("Showing the most watched video, {video}. Pick another above, or click its bar in the video watchers chart.", { video: row ? videoLabel(row) : video });
    }
    if (report === "enrollment-over-time") extra.grain = s.grain;
    const csv = card.querySelector("[data-csv]");
    csv.hidden = false;
    csv.href = url(report, extra, true);
    const body = await A.getJSON(url(report, extra, false));
    if (gen !== generation) return;
    empty(card, "");
    A.fillTable(card.querySelector("table"), body.columns, body.rows, format);
    if (report === "video-watchers") {
      watchersLoaded(body.rows);
      offerVideos(body.rows, s);
    }
    const draw = DRAW[report] || GENERIC;
    if (body.rows.length || DRAW[report]) {
      const drawn = draw(card, body, s);
      if (report === "video-watchers") pickOnClick(card, body.rows, s);
      return drawn;
    }
    if (!body.rows.length) empty(card, _("No rows yet: no learner activity in this period, or the course structure has not been loaded (aspects load --table course_blocks)."));
  }

  /* The enrollment and grade counts are as of now, except for a custom period: as of its end
     (apiParams). The activity cards count what happened during the period. */
  function atPeriodEnd(s) { return s.period === "custom" && Boolean(s.from && s.until); }
  function enrolledTitle(s) { return atPeriodEnd(s) ? _("Learners enrolled at the end of the period") : _("Learners enrolled now"); }

  function periodLabel(s) {
    const p = apiParams(s);
    const span = p.from ? _("{from} to {until} ({tz})", { from: p.from, until: A.addDays(p.to, -1), tz: s.tz })
      : _("All time ({tz})", { tz: s.tz });
    const when = atPeriodEnd(s) ? _("Enrollment and grades: at the end of the period; activity: during the period.")
      : p.from ? _("Enrollment and grades: now; activity: during the period.")
      : _("Enrollment and grades: now; activity: the whole course run.");
    $("period-label").textContent = `${span} · ${when}`;
  }

  /* A click on a video's bar in the watchers chart shows that video's parts. */
  function pickOnClick(card, rows, s) {
    const chart = card.querySelector(".chart");
    chart.classList.add("pickable");
    chart.onclick = (event) => {
      const bar = event.target.closest(".bar");
      if (!bar) return;
      const row = rows[Number(bar.dataset.k.split(":")[1])];
      if (!row) return;
      change({ video: row.video_id, bucket: readState().bucket });
      $("video-segments").scrollIntoView({ block: "nearest" });
    };
  }

  async function refresh() {
    const s = readState();
    const gen = ++generation;
    watchers = new Promise((resolve) => { watchersLoaded = resolve; });
    root.dataset.state = "loading";
    periodLabel(s);
    const cards = [...document.querySelectorAll("section.card[data-report]")];
    const results = await Promise.allSettled(cards.map((card) => load(card, s, gen).catch((err) => {
      if (card.dataset.report === "video-watchers") watchersLoaded(null);
      empty(card, _("Could not load this report: {error}", { error: err.message }));
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

  /* The reports are asked for first: the controls below are filled while they load. */
  const initial = readState();
  writeState(initial, false);  // the browser's zone goes into the URL, so a shared link keeps it
  const loaded = refresh();
  loadGroups();
  /* The zone picker starts with the zone shown; the ~400 others are added once the reports
     are drawn (adding them took ~60 ms of the main thread while responses arrived), or as
     soon as the picker is used. */
  const tz = $("tz");
  tz.add(new Option(initial.tz.replace(/_/g, " "), initial.tz));
  let zonesFilled = false;
  function fillZones() {
    if (zonesFilled) return;
    zonesFilled = true;
    const chosen = tz.value;
    const zones = A.zones();
    if (!zones.includes(chosen)) zones.unshift(chosen);
    tz.replaceChildren(...zones.map((zone) => new Option(zone.replace(/_/g, " "), zone)));
    tz.value = chosen;
  }
  loaded.finally(fillZones);
  for (const event of ["focus", "pointerdown", "keydown"]) tz.addEventListener(event, fillZones);
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
  $("video").addEventListener("change", () => change({ video: $("video").value, bucket: $("bucket").value }));
  $("bucket").addEventListener("change", () => change({ video: $("video").value, bucket: $("bucket").value }));
  $("video-form").addEventListener("submit", (e) => e.preventDefault());
  window.addEventListener("popstate", () => { syncControls(); refresh(); });

  /* Issue 6: the learner groups, with their sizes now, link to their pages. */
  function loadGroups() {
    A.getJSON(`/api/v1/courses/${encodeURI(course)}/groups?tz=${encodeURIComponent(readState().tz)}`).then((body) => {
      const links = [];
      for (const g of body.groups) {
        const text = _("{name} ({size})", { name: g.name, size: A.fmt(g.size) });
        if (g.id === "at-risk") { $("at-risk-link").textContent = text; continue; }
        const a = document.createElement("a");
        a.href = `/courses/${encodeURI(course)}/groups/${encodeURIComponent(g.id)}`;
        a.textContent = text;
        links.push(a);
      }
      $("group-links").replaceChildren(...links);
    }).catch(() => {});
  }
})();
