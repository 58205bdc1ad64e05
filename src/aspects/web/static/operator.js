/* The operator page: organizations and courses from GET /api/v1/courses (operators see all). */
"use strict";
(function () {
  const A = window.Aspects;
  const tz = new URLSearchParams(location.search).get("tz") || A.browserZone();

  function show(id, columns, rows, format) {
    const card = document.getElementById(id);
    const table = card.querySelector("table");
    const status = card.querySelector(".empty");
    status.textContent = rows.length ? "" : "No courses yet: no statements have arrived.";
    status.hidden = rows.length > 0;
    table.hidden = rows.length === 0;
    A.fillTable(table, columns, rows, format);
  }

  A.getJSON("/api/v1/courses").then((body) => {
    const orgs = new Map();
    for (const r of body.rows) {
      const o = orgs.get(r.org) || { org: r.org, courses: 0, enrolled_now: 0 };
      o.courses += 1;
      o.enrolled_now += r.enrollees;
      orgs.set(r.org, o);
    }
    show("organizations", ["org", "courses", "enrolled_now"], [...orgs.values()]);
    show("operator-courses", ["course_key", "name", "org", "enrollees", "last_activity"], body.rows,
      (c, v) => (c === "last_activity" ? A.formatInstant(v, tz) : A.fmt(v)));
  }).catch((err) => {
    for (const id of ["organizations", "operator-courses"]) {
      document.querySelector(`#${id} .empty`).textContent = `Could not load the courses: ${err.message}`;
    }
  });
})();
