/* The course list: GET /api/v1/courses, filtered in the page by text and organization. */
"use strict";
(function () {
  const A = window.Aspects;
  const _ = A._;
  const table = document.getElementById("courses");
  const status = document.getElementById("courses-status");
  const q = document.getElementById("q");
  const org = document.getElementById("org");
  const params = new URLSearchParams(location.search);
  const tz = params.get("tz") || A.browserZone();
  let rows = [];

  function draw() {
    const text = q.value.trim().toLowerCase();
    const shown = rows.filter((r) =>
      (!org.value || r.org === org.value) &&
      (!text || `${r.name || ""} ${r.course_key}`.toLowerCase().includes(text)));
    const body = table.tBodies[0];
    body.replaceChildren();
    for (const r of shown) {
      const tr = body.insertRow();
      const link = document.createElement("a");
      link.href = `/courses/${encodeURI(r.course_key)}/`;  // keys keep their readable : and +
      link.textContent = r.name || r.course_key;
      const first = tr.insertCell();
      first.appendChild(link);
      if (r.name) {
        const key = document.createElement("div");
        key.className = "key";
        key.textContent = r.course_key;
        first.appendChild(key);
      }
      tr.insertCell().textContent = r.org;
      tr.insertCell().textContent = r.run;
      const n = tr.insertCell();
      n.textContent = A.fmt(r.enrollees);
      n.className = "num";
      tr.insertCell().textContent = A.formatInstant(r.last_activity, tz);
    }
    table.hidden = shown.length === 0;
    status.hidden = shown.length > 0;
    status.textContent = rows.length === 0
      ? _("No courses yet: you have no course access, or no learner activity has arrived for your courses.")
      : _("No course matches the search.");
    const next = new URLSearchParams(location.search);
    for (const [k, v] of [["q", q.value], ["org", org.value]]) { if (v) next.set(k, v); else next.delete(k); }
    history.replaceState(null, "", next.toString() ? `?${next}` : location.pathname);
  }

  A.getJSON("/api/v1/courses").then((body) => {
    rows = body.rows;
    for (const name of [...new Set(rows.map((r) => r.org))].sort()) {
      org.add(new Option(name, name));
    }
    q.value = params.get("q") || "";
    org.value = params.get("org") || "";
    draw();
  }).catch((err) => { status.textContent = _("Could not load the courses: {error}", { error: err.message }); });
  q.addEventListener("input", draw);
  org.addEventListener("change", draw);
  document.getElementById("course-filters").addEventListener("submit", (e) => e.preventDefault());
})();
