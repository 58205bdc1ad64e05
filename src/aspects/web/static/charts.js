/* Charts: bars and lines drawn as SVG, small enough to cost nothing when a page loads.

   The pages describe a chart as a list of traces and a layout, in the shape Plotly.js takes
   (type "bar" or "scatter"; x, y, base, width, offset, text, customdata, marker.color, name,
   hovertemplate; layout height, margin, barmode group/stack/overlay, legend, and per axis title,
   type date/category, range, rangemode, autorange "reversed", tickvals/ticktext, tickangle), and
   only the part of it the pages use. Charts.draw(div, traces, layout) draws into the div, keeps
   the traces as div.data (what the browser tests compare with the JSON), redraws when the div
   changes width, and shows a mark's hover template in a tooltip.
*/
"use strict";

const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const PALETTE = ["#2563eb", "#f59e0b", "#16a34a", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];
  const FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  const INK = "#374151";
  const GRID = "#e5e7eb";
  const DAY = 86400000;
  const lang = () => document.documentElement.lang || undefined;

  /* ---- values ---- */
  const at = (v, i) => (Array.isArray(v) ? v[i] : v);
  const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

  /* A date string's wall-clock time as a UTC instant: the axis shows the time the report wrote
     ("2026-03-10T11:00+01:00" is 11:00 on the axis, as in the report's zone). */
  function dateValue(v) {
    const m = DATE.exec(String(v));
    if (!m) return NaN;
    return Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0));
  }

  function number(v, digits) {
    if (typeof v !== "number") return String(v);
    if (digits !== undefined) return v.toFixed(digits);
    return new Intl.NumberFormat(lang(), { maximumFractionDigits: 2 }).format(v);
  }

  function dateText(ms, withTime) {
    const options = { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" };
    if (withTime) Object.assign(options, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    return new Date(ms).toLocaleString(lang(), options);
  }

  /* The few strftime directives the pages use: %b %-d %d %Y %H %M. */
  function strftime(ms, format) {
    const d = new Date(ms);
    const pad = (n) => String(n).padStart(2, "0");
    const parts = {
      b: d.toLocaleString(lang(), { timeZone: "UTC", month: "short" }), "-d": String(d.getUTCDate()),
      d: pad(d.getUTCDate()), Y: String(d.getUTCFullYear()), H: pad(d.getUTCHours()), M: pad(d.getUTCMinutes()),
    };
    return format.replace(/%(-d|[bdYHM])/g, (m, k) => parts[k]);
  }

  let measure = null;
  function textWidth(text) {
    if (!measure) {
      measure = document.createElement("canvas").getContext("2d");
      measure.font = FONT;
    }
    return measure.measureText(String(text)).width;
  }

  function clip(text, width) {
    let s = String(text);
    if (textWidth(s) <= width) return s;
    while (s.length > 1 && textWidth(`${s}…`) > width) s = s.slice(0, -1);
    return `${s}…`;
  }

  /* ---- scales and ticks ---- */
  function scale(d0, d1, r0, r1) {
    const k = (r1 - r0) / (d1 - d0 || 1);
    return (v) => r0 + (v - d0) * k;
  }

  function niceStep(span, count) {
    const raw = span / Math.max(1, count);
    const p = 10 ** Math.floor(Math.log10(raw || 1));
    const m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  function numberTicks(lo, hi, step) {
    const ticks = [];
    for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
    return ticks;
  }

  const HOUR = 3600000;
  const DATE_STEPS = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];
  const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60];

  function dateTicks(lo, hi, most) {
    const step = DATE_STEPS.find((s) => (hi - lo) / s <= most);
    if (step) {
      const first = step === 7 * DAY || step === 14 * DAY
        ? Math.ceil((lo - 4 * DAY) / step) * step + 4 * DAY  // Mondays (1970-01-05 was one)
        : Math.ceil(lo / step) * step;
      const ticks = [];
      for (let t = first; t <= hi; t += step) ticks.push(t);
      return { ticks, label: (t) => (step < DAY ? dateText(t, true) : dateText(t, false)) };
    }
    const months = MONTH_STEPS.find((m) => (hi - lo) / (m * 30.4 * DAY) <= most) || 120;
    const start = new Date(lo);
    let y = start.getUTCFullYear();
    let m = Math.ceil((start.getUTCMonth() + (start.getUTCDate() > 1 ? 1 : 0)) / months) * months;
    const ticks = [];
    for (let t = Date.UTC(y, m, 1); t <= hi; t = Date.UTC(y, m, 1)) {
      if (t >= lo) ticks.push(t);
      m += months;
      if (m >= 12) { y += Math.floor(m / 12); m %= 12; }
    }
    const options = months >= 12 ? { timeZone: "UTC", year: "numeric" } : { timeZone: "UTC", year: "numeric", month: "short" };
    return { ticks, label: (t) => new Date(t).toLocaleString(lang(), options) };
  }

  /* ---- the axis along which marks stand (x, or y for horizontal bars) ---- */
  function placeAxis(spec, traces, key) {
    const all = traces.flatMap((t) => (Array.isArray(t[key]) ? t[key] : []));
    const strings = all.some((v) => typeof v === "string");
    const kind = spec.type === "date" ? "date" : spec.type === "category" || (strings && spec.type !== "linear") ? "category" : "linear";
    let categories = [];
    let pos;
    if (kind === "category") {
      categories = [...new Set(all.map(String))];
      const index = new Map(categories.map((c, i) => [c, i]));
      pos = (v) => index.get(String(v));
    } else if (kind === "date") {
      pos = dateValue;
    } else {
      pos = (v) => Number(v);
    }
    const distinct = [...new Set(all.map(pos).filter(Number.isFinite))].sort((a, b) => a - b);
    let gap = kind === "category" ? 1 : Infinity;
    for (let i = 1; i < distinct.length; i += 1) gap = Math.min(gap, distinct[i] - distinct[i - 1]);
    if (!Number.isFinite(gap)) gap = kind === "date" ? DAY : 1;
    return { kind, categories, pos, distinct, gap };
  }

  /* Every bar's extent on both axes; stacked bars sit on the ones before them. */
  function layoutBars(traces, place, horizontal, barmode) {
    const bars = traces.map((t, i) => ({ t, i })).filter(({ t }) => t.type === "bar");
    const along = horizontal ? "y" : "x";
    const value = horizontal ? "x" : "y";
    const stacks = new Map();
    const marks = [];
    bars.forEach(({ t, i: trace }, slot) => {
      const n = Array.isArray(t[value]) ? t[value].length : 0;
      for (let k = 0; k < n; k += 1) {
        const v = t[value][k];
        const p = place.pos(at(t[along], k));
        if (v === null || v === undefined || !Number.isFinite(p)) continue;
        let lo;
        let hi;
        const width = at(t.width, k);
        if (width !== undefined) {
          lo = t.offset === 0 ? p : p - width / 2;
          hi = lo + width;
        } else {
          const band = place.gap * 0.8;
          const share = barmode === "group" ? band / bars.length : band;
          lo = p - band / 2 + (barmode === "group" ? share * slot : 0);
          hi = lo + share;
        }
        let base = Number(at(t.base, k) || 0);
        if (barmode === "stack") {
          base = stacks.get(p) || 0;
          stacks.set(p, base + v);
        }
        marks.push({ trace, k, lo, hi, from: base, to: base + v });
      }
    });
    return marks;
  }

  /* ---- drawing ---- */
  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function label(parent, x, y, text, attrs) {
    const node = el("text", { x, y, fill: INK, "font-size": 12, ...attrs }, parent);
    node.textContent = text;
    return node;
  }

  function hoverText(trace, k, place, horizontal) {
    const template = trace.hovertemplate;
    const valueOf = (name) => {
      if (name === "fullData.name") return trace.name || "";
      const custom = /^customdata\[(\d+)\]$/.exec(name);
      if (custom) return (trace.customdata && trace.customdata[k] || [])[+custom[1]];
      return at(trace[name], k);
    };
    const show = (name, v, digits, date) => {
      if (v === null || v === undefined) return "–";
      if (date !== undefined) return strftime(dateValue(v), date);
      const onDates = place.kind === "date" && name === (horizontal ? "y" : "x");
      if (onDates) {
        const t = dateValue(v);
        return dateText(t, t % DAY !== 0);
      }
      return number(v, digits);
    };
    const fill = (text) => text.replace(/%\{([^}:|]+)(?::\.(\d+)f)?(?:\|([^}]*))?\}/g,
      (m, name, digits, date) => show(name, valueOf(name), digits === undefined ? undefined : +digits, date));
    if (!template) {
      const name = trace.name ? `${trace.name}: ` : "";
      return `${name}${show("x", at(trace.x, k))}, ${show("y", at(trace.y, k))}`;
    }
    let extra = "";
    const main = template.replace(/<extra>(.*?)<\/extra>/, (m, e) => { extra = e; return ""; });
    const side = fill(extra);
    return side ? `${fill(main)} (${side})` : fill(main);
  }

  function tooltip(div, svg, traces, place, horizontal) {
    let tip = div.querySelector(":scope > .chart-tip");
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "chart-tip";
      tip.setAttribute("role", "status");
      tip.hidden = true;
      div.appendChild(tip);
    }
    const hide = () => { tip.hidden = true; };
    svg.addEventListener("pointermove", (event) => {
      const mark = event.target.closest("[data-k]");
      if (!mark) return hide();
      const [trace, k] = mark.dataset.k.split(":").map(Number);
      tip.textContent = hoverText(traces[trace], k, place, horizontal);
      tip.hidden = false;
      const box = div.getBoundingClientRect();
      const x = event.clientX - box.left;
      tip.style.left = `${Math.min(x + 12, Math.max(0, box.width - tip.offsetWidth - 4))}px`;
      tip.style.top = `${Math.max(0, event.clientY - box.top - tip.offsetHeight - 10)}px`;
    });
    svg.addEventListener("pointerleave", hide);
  }

  function legendItems(traces, layout) {
    const show = layout.showlegend !== undefined ? layout.showlegend : traces.length > 1;
    return show ? traces.map((t, i) => ({ name: t.name || `trace ${i}`, color: color(t, i, 0) })) : [];
  }

  function color(trace, i, k) {
    const given = trace.type === "scatter" ? (trace.line && trace.line.color) || (trace.marker && trace.marker.color)
      : trace.marker && trace.marker.color;
    return at(given, k) || PALETTE[i % PALETTE.length];
  }

  function render(div, traces, layout) {
    const width = div.clientWidth || 600;
    const height = layout.height || 300;
    const margin = { t: 10, r: 20, b: 60, l: 60, ...(layout.margin || {}) };
    const xSpec = layout.xaxis || {};
    const ySpec = layout.yaxis || {};
    const horizontal = traces.some((t) => t.type === "bar" && t.orientation === "h");
    const placeSpec = horizontal ? ySpec : xSpec;
    const valueSpec = horizontal ? xSpec : ySpec;
    const place = placeAxis(placeSpec, traces, horizontal ? "y" : "x");
    const barmode = layout.barmode || "group";
    const bars = layoutBars(traces, place, horizontal, barmode);

    // The value axis: bars from their base, lines through their points, and 0 for counts.
    const valueKey = horizontal ? "x" : "y";
    const values = bars.flatMap((b) => [b.from, b.to]);
    const points = [];
    traces.forEach((t, trace) => {
      if (t.type !== "scatter") return;
      (t.x || []).forEach((x, k) => {
        const p = place.pos(x);
        const v = t.y[k];
        if (Number.isFinite(p) && v !== null && v !== undefined) points.push({ trace, k, p, v });
      });
    });
    values.push(...points.map((p) => p.v));
    let [vLo, vHi] = valueSpec.range || [Math.min(...values), Math.max(...values)];
    if (!valueSpec.range) {
      if (bars.length || valueSpec.rangemode === "tozero") { vLo = Math.min(0, vLo); vHi = Math.max(0, vHi); }
      if (!Number.isFinite(vLo)) { vLo = 0; vHi = 1; }
      if (vHi === vLo) vHi = vLo + 1;
      if (traces.some((t) => t.text && ["outside", "auto"].includes(t.textposition))) vHi += (vHi - vLo) * 0.12;
    }
    const integers = values.every((v) => Number.isInteger(v));
    const valueLength = horizontal ? width - margin.l - margin.r : height - margin.t - margin.b;
    let step = niceStep(vHi - vLo, Math.max(2, Math.floor(valueLength / (horizontal ? 90 : 50))));
    if (integers && step < 1) step = 1;
    if (!valueSpec.range) vHi = Math.ceil(vHi / step - 1e-9) * step;
    const valueTicks = numberTicks(vLo, vHi, step).map((v) => ({ v, text: number(v) }));

    // The marks' axis: its domain covers every bar and point.
    const extents = bars.flatMap((b) => [b.lo, b.hi]).concat(points.map((p) => p.p));
    let pLo = Math.min(...extents);
    let pHi = Math.max(...extents);
    if (place.kind === "category") { pLo = -0.5; pHi = place.categories.length - 0.5; }
    if (!Number.isFinite(pLo)) { pLo = 0; pHi = 1; }
    if (pLo === pHi) { const pad = place.kind === "date" ? DAY / 2 : 0.5; pLo -= pad; pHi += pad; }
    if (points.length && !bars.length && place.kind !== "category") {
      const pad = (pHi - pLo) * 0.02;
      pLo -= pad; pHi += pad;
    }

    // Tick labels along the marks' axis.
    let placeTicks;
    if (placeSpec.tickvals) {
      placeTicks = placeSpec.tickvals.map((v, i) => ({ v: place.pos(v), text: String((placeSpec.ticktext || [])[i] ?? v) }));
    } else if (place.kind === "category") {
      placeTicks = place.categories.map((c, i) => ({ v: i, text: c }));
    } else if (place.kind === "date") {
      const length = horizontal ? height - margin.t - margin.b : width - margin.l - margin.r;
      const { ticks, label: text } = dateTicks(pLo, pHi, Math.max(2, Math.floor(length / 90)));
      placeTicks = ticks.map((v) => ({ v, text: text(v) }));
    } else {
      const length = horizontal ? height - margin.t - margin.b : width - margin.l - margin.r;
      const s = niceStep(pHi - pLo, Math.max(2, Math.floor(length / 70)));
      placeTicks = numberTicks(pLo, pHi, s).map((v) => ({ v, text: number(v) }));
    }

    // Margins grow to fit the labels (the left one capped at 45 % of the width).
    const legend = legendItems(traces, layout);
    const legendRows = [];
    let row = [];
    let used = 0;
    for (const item of legend) {
      const w = 14 + textWidth(item.name) + 18;
      if (row.length && used + w > width - 20) { legendRows.push(row); row = []; used = 0; }
      row.push({ ...item, x: used });
      used += w;
    }
    if (row.length) legendRows.push(row);
    margin.t = Math.max(margin.t, legendRows.length * 18 + 8);
    const yTicks = horizontal ? placeTicks : valueTicks;
    const xTicks = horizontal ? valueTicks : placeTicks;
    const yTitle = ySpec.title && ySpec.title.text;
    const xTitle = xSpec.title && xSpec.title.text;
    const yLabelRoom = Math.min(width * 0.45, Math.max(0, ...yTicks.map((t) => textWidth(t.text))) + 8);
    margin.l = Math.max(margin.l, yLabelRoom + (yTitle ? 22 : 4));
    const plotWidth = width - margin.l - margin.r;
    const slot = plotWidth / Math.max(1, xTicks.length);
    const widest = Math.max(0, ...xTicks.map((t) => textWidth(t.text)));
    const angle = xSpec.tickangle !== undefined ? xSpec.tickangle : (!horizontal && place.kind === "category" && widest > slot - 6 ? -35 : 0);
    const xLabelHeight = angle ? Math.min(160, widest * Math.sin((-angle * Math.PI) / 180) + 16) : 18;
    margin.b = Math.max(margin.b, xLabelHeight + (xTitle ? 26 : 6));
    const plotHeight = Math.max(40, height - margin.t - margin.b);

    const vScale = horizontal ? scale(vLo, vHi, margin.l, margin.l + plotWidth) : scale(vLo, vHi, margin.t + plotHeight, margin.t);
    const reversed = placeSpec.autorange === "reversed";
    const pScale = horizontal
      ? scale(pLo, pHi, reversed ? margin.t : margin.t + plotHeight, reversed ? margin.t + plotHeight : margin.t)
      : scale(pLo, pHi, reversed ? margin.l + plotWidth : margin.l, reversed ? margin.l : margin.l + plotWidth);

    const svg = el("svg", { class: "chart-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "font-family": FONT.split(" ").slice(1).join(" ") });
    // Named after its card's title for screen readers (the card's data table has the numbers).
    const heading = div.closest(".card") && div.closest(".card").querySelector("h3");
    if (heading) svg.setAttribute("aria-label", heading.textContent.trim());
    const grid = el("g", { class: "grid" }, svg);
    for (const t of valueTicks) {
      const c = vScale(t.v);
      const line = horizontal ? { x1: c, x2: c, y1: margin.t, y2: margin.t + plotHeight } : { x1: margin.l, x2: margin.l + plotWidth, y1: c, y2: c };
      el("line", { ...line, stroke: t.v === 0 ? "#9ca3af" : GRID, "stroke-width": 1 }, grid);
    }

    // Axis labels and titles.
    const axes = el("g", { class: "axes" }, svg);
    for (const t of yTicks) {
      const y = horizontal ? pScale(t.v) : vScale(t.v);
      if (!Number.isFinite(y)) continue;
      const node = label(axes, margin.l - 6, y + 4, clip(t.text, yLabelRoom - 4), { "text-anchor": "end", class: "ytick" });
      if (node.textContent !== t.text) el("title", {}, node).textContent = t.text;
    }
    const xBase = margin.t + plotHeight;
    for (const t of xTicks) {
      const x = horizontal ? vScale(t.v) : pScale(t.v);
      if (!Number.isFinite(x) || x < margin.l - 1 || x > margin.l + plotWidth + 1) continue;
      const text = angle ? clip(t.text, 150) : t.text;
      if (angle) label(axes, x, xBase + 14, text, { "text-anchor": "end", transform: `rotate(${angle} ${x} ${xBase + 14})`, class: "xtick" });
      else label(axes, x, xBase + 16, text, { "text-anchor": "middle", class: "xtick" });
    }
    if (xTitle) label(axes, margin.l + plotWidth / 2, height - 8, xTitle, { "text-anchor": "middle", "font-size": 13, class: "xtitle" });
    if (yTitle) {
      const x = 14;
      const y = margin.t + plotHeight / 2;
      label(axes, x, y, yTitle, { "text-anchor": "middle", "font-size": 13, transform: `rotate(-90 ${x} ${y})`, class: "ytitle" });
    }

    // The marks.
    const marks = el("g", { class: "marks" }, svg);
    for (const b of bars) {
      const t = traces[b.trace];
      const a = pScale(b.lo);
      const z = pScale(b.hi);
      const f = vScale(b.from);
      const g = vScale(b.to);
      const box = horizontal
        ? { x: Math.min(f, g), y: Math.min(a, z), width: Math.abs(g - f), height: Math.abs(z - a) }
        : { x: Math.min(a, z), y: Math.min(f, g), width: Math.abs(z - a), height: Math.abs(g - f) };
      el("rect", { ...box, fill: color(t, b.trace, b.k), class: "bar", "data-k": `${b.trace}:${b.k}` }, marks);
      const text = at(t.text, b.k);
      if (text !== undefined && ["outside", "auto"].includes(t.textposition) && !horizontal) {
        label(marks, box.x + box.width / 2, box.y - 4, text, { "text-anchor": "middle", class: "bar-text" });
      }
    }
    traces.forEach((t, trace) => {
      if (t.type !== "scatter") return;
      const mine = points.filter((p) => p.trace === trace);
      const xy = mine.map((p) => (horizontal ? [vScale(p.v), pScale(p.p)] : [pScale(p.p), vScale(p.v)]));
      const stroke = color(t, trace, 0);
      if (!t.mode || t.mode.includes("lines")) {
        el("polyline", { points: xy.map((q) => q.join(",")).join(" "), fill: "none", stroke, "stroke-width": (t.line && t.line.width) || 2, class: "line" }, marks);
      }
      const dots = t.mode && t.mode.includes("markers");
      xy.forEach(([x, y], n) => {
        el("circle", { cx: x, cy: y, r: dots ? 3.5 : 6, fill: dots ? stroke : "transparent", class: dots ? "point" : "hit", "data-k": `${trace}:${mine[n].k}` }, marks);
      });
    });

    // The legend, in the top margin.
    const key = el("g", { class: "legend" }, svg);
    legendRows.forEach((items, r) => {
      for (const item of items) {
        const x = margin.l + item.x;
        const y = 4 + r * 18;
        el("rect", { x, y: y + 2, width: 10, height: 10, fill: item.color }, key);
        label(key, x + 14, y + 11, item.name, { class: "legend-name" });
      }
    });

    div.querySelector(":scope > svg.chart-svg")?.remove();
    div.prepend(svg);
    tooltip(div, svg, traces, place, horizontal);
    return width;
  }

  const drawn = new WeakMap();
  const watcher = typeof ResizeObserver === "undefined" ? null : new ResizeObserver((entries) => {
    for (const entry of entries) {
      const state = drawn.get(entry.target);
      if (state && entry.target.clientWidth && entry.target.clientWidth !== state.width) {
        state.width = render(entry.target, state.traces, state.layout);
      }
    }
  });

  /* Draw (or redraw) a chart; resolves to the div, as Plotly.react does. */
  function draw(div, traces, layout) {
    div.data = traces;
    div.layout = layout;
    const width = render(div, traces, layout || {});
    if (!drawn.has(div) && watcher) watcher.observe(div);
    drawn.set(div, { traces, layout: layout || {}, width });
    return Promise.resolve(div);
  }

  return { draw };
})();
