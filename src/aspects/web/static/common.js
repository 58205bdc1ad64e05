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

  /* Fill a <table> with the report's columns and rows; headers sort on click. */
  function fillTable(table, columns, rows, format) {
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
      button.textContent = label(c);
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
          if (typeof value === "number") cell.className = "num";
        }
      }
      const more = table.parentElement.querySelector("button.more");
      if (more) more.remove();
      if (order.length > limit) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "more";
        button.textContent = `Show all ${fmt(order.length)} rows`;
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

  return { getJSON, fmt, pct, label, today, addDays, browserZone, zones, formatInstant, fillTable };
})();
