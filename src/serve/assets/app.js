"use strict";
// The page of `sakip serve`: uploads the files into a session, asks for a score, shows the
// problems or the ranking. Every number shown comes from the server (the command line's JSON).
const WORDS = {
  id: {
    subtitle: "Evaluasi AKIP Perangkat Daerah", inputs: "1. Berkas masukan", lke: "Berkas LKE",
    programs: "Data program (opsional)", priorities: "Prioritas kepala daerah (opsional)",
    rubric: "Rubrik", year: "Tahun", rank_by: "Urutkan menurut", alignment: "Keselarasan",
    collaboration: "Kolaborasi", composite: "Gabungan", scorecards: "Kartu nilai per OPD",
    lhe: "LHE per OPD", run: "Nilai", uploaded: "Berkas terunggah", problems: "Masalah pada berkas", warnings: "Peringatan",
    problems_hint: "Perbaiki berkas yang disebut lalu unggah ulang berkas itu saja.",
    severity: "Tingkat", where: "Letak", message: "Pesan", fix: "Perbaikan", ranking: "Peringkat",
    rank: "Peringkat", score: "Nilai", predicate: "Predikat", error: "KESALAHAN",
    warning: "PERINGATAN", info: "CATATAN", working: "Membaca dan menilai…", done: "Selesai",
    failed: "Ada masalah pada berkas", download: "Unduh", component: "Komponen", index: "Indeks",
    switch: "English", no_files: "Pilih berkas LKE atau data program lebih dulu", max: "Bobot",
    steps_to: "Langkah tersingkat menuju predikat", steps: "langkah",
    at_top: "Sudah pada predikat tertinggi", unreachable: "Predikat berikutnya tidak tercapai dengan menaikkan jawaban saja",
    own_score: "Nilai menurut penilaian mandiri", final_score: "nilai hasil evaluasi",
    store: "Simpan tahun ini ke riwayat", stored: "Tersimpan di riwayat",
    history: "Riwayat dan tren", history_opds: "OPD per tahun (persen dari maksimum)",
    opds_count: "Jumlah OPD", mean: "Rata-rata", median: "Median",
    network: "Jaringan Kolaborasi Kota", density: "Kepadatan jaringan", silos: "OPD silo", no_silos: "tidak ada",
    history_empty: "Riwayat belum berisi tahun.",
    rubric_file: "atau rubrik sendiri (.toml, dari sakip rubric import)",
    rubric_file_short: "atau berkas rubrik (.toml)",
    templates: "Templat masukan untuk dibagikan ke OPD",
    templates_hint: "Workbook LKE dengan satu sheet terkunci per OPD (rubrik di atas), atau lembar data program dengan daftar pilihan prioritas.",
    template_opds: "Nama OPD, satu per baris", paper: "Kertas", template_priorities: "Prioritas kepala daerah",
    template_lke: "Unduh templat LKE", template_programs: "Unduh templat data program",
    template_needs_opds: "Tulis nama OPD lebih dulu, satu per baris",
    template_needs_priorities: "Pilih berkas prioritas kepala daerah lebih dulu",
    import_title: "Tambahkan tahun dari ringkasan yang diterbitkan",
    import_hint: "Tabel ringkasan: kolom opd dan nilai, boleh juga predikat dan nilai per komponen.",
    import_file: "Ringkasan", import: "Tambahkan", imported: "Tersimpan di riwayat",
    import_needs: "Pilih berkas ringkasan, tahun, dan rubrik",
    chart_city: "Rata-rata dan median kota (persen dari maksimum)",
    chart_movers: "OPD dengan perubahan terbesar", chart_indices: "Rata-rata indeks kota",
    regime: "◆ = tahun pertama regulasi LKE yang baru",
  },
  en: {
    subtitle: "AKIP evaluation of government units", inputs: "1. Input files", lke: "LKE files",
    programs: "Program data (optional)", priorities: "Mayor's priorities (optional)",
    rubric: "Rubric", year: "Year", rank_by: "Rank by", alignment: "Alignment",
    collaboration: "Collaboration", composite: "Composite", scorecards: "Scorecard per unit",
    lhe: "LHE per unit", run: "Score", uploaded: "Uploaded files", problems: "Problems in the files", warnings: "Warnings",
    problems_hint: "Fix the files named and upload only those again.",
    severity: "Severity", where: "Where", message: "Message", fix: "Fix", ranking: "Ranking",
    rank: "Rank", score: "Score", predicate: "Grade", error: "ERROR", warning: "WARNING",
    info: "NOTE", working: "Reading and scoring…", done: "Done", failed: "The files have problems",
    download: "Download", component: "Component", index: "Index", switch: "Bahasa Indonesia",
    no_files: "Choose LKE files or program data first", max: "Weight",
    steps_to: "Fewest steps to the grade", steps: "steps",
    at_top: "Already at the highest grade", unreachable: "The next grade cannot be reached by answers alone",
    own_score: "Self-assessed score", final_score: "evaluated score",
    store: "Store this year in the history", stored: "Stored in the history",
    history: "History and trends", history_opds: "Units per year (percent of the maximum)",
    opds_count: "Units", mean: "Mean", median: "Median",
    network: "The city's collaboration network", density: "Network density", silos: "Silo units", no_silos: "none",
    history_empty: "The history holds no year yet.",
    rubric_file: "or a rubric of your own (.toml, from sakip rubric import)",
    rubric_file_short: "or a rubric file (.toml)",
    templates: "Input templates to hand out to the units",
    templates_hint: "An LKE workbook with one protected sheet per unit (the rubric above), or the program-data sheet with the priorities as a drop-down.",
    template_opds: "Unit names, one per line", paper: "Paper", template_priorities: "Mayor's priorities",
    template_lke: "Download the LKE template", template_programs: "Download the program-data template",
    template_needs_opds: "Write the unit names first, one per line",
    template_needs_priorities: "Choose the mayor's priorities file first",
    import_title: "Add a year from a published summary",
    import_hint: "A summary table: columns opd and nilai (the score), optionally the grade and component scores.",
    import_file: "Summary", import: "Add", imported: "Stored in the history",
    import_needs: "Choose the summary file, the year and the rubric",
    chart_city: "City mean and median (percent of maximum)",
    chart_movers: "Units that moved most", chart_indices: "City mean of the indices",
    regime: "◆ = first year of a new evaluation regime",
  },
};
let lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "id";
let session = null;
let rubrics = [];
let last = null;

const $ = (id) => document.getElementById(id);
const t = (key) => WORDS[lang][key] || key;

function translate() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  $("lang").textContent = t("switch");
  fillRubrics();
  if (last) show(last);
}

function fillRubrics() {
  const select = $("rubric");
  const chosen = select.value;
  select.textContent = "";
  for (const r of rubrics) {
    const option = document.createElement("option");
    option.value = r.id;
    option.textContent = r.title[lang] || r.title.id;
    select.append(option);
  }
  if (chosen) select.value = chosen;
  else if (rubrics.some((r) => r.id === "akip-2021-opd")) select.value = "akip-2021-opd";
  const imports = $("import-rubric");
  const kept = imports.value;
  imports.textContent = "";
  for (const option of select.options) imports.append(option.cloneNode(true));
  imports.value = kept || select.value;
}

async function call(path, options) {
  const response = await fetch(path, Object.assign({ credentials: "same-origin" }, options));
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  return { ok: response.ok, status: response.status, body };
}

async function upload() {
  if (!session) {
    const created = await call("/api/sessions", { method: "POST" });
    session = created.body.id;
  }
  const form = new FormData();
  for (const kind of ["lke", "programs", "priorities"]) {
    for (const file of $(kind).files) form.append(kind, file, file.name);
  }
  for (const file of $("rubric-file").files) form.append("rubric", file, file.name);
  const stored = await call(`/api/sessions/${session}/files`, { method: "POST", body: form });
  if (!stored.ok) throw new Error((stored.body && stored.body.error) || stored.status);
  const list = $("file-list");
  list.textContent = "";
  for (const f of stored.body) {
    const item = document.createElement("li");
    item.textContent = `${f.kind}: ${f.name} (${f.bytes} B)`;
    list.append(item);
  }
  $("files").hidden = stored.body.length === 0;
  return stored.body.length;
}

async function run() {
  $("status").textContent = t("working");
  $("run").disabled = true;
  try {
    const count = await upload();
    if (count === 0) { $("status").textContent = t("no_files"); return; }
    const form = {
      // A rubric file of the user's own, when one is chosen, over the built-in one.
      rubric: $("rubric-file").files.length > 0 ? "uploaded" : $("rubric").value,
      rank_by: $("rank_by").value, lang,
      scorecards: $("scorecards").checked, lhe: $("lhe").checked, store: $("store").checked,
    };
    if ($("year").value) form.year = Number($("year").value);
    // The job's phases, asked for while it runs (a national run takes a while).
    const watching = setInterval(progress, 300);
    let scored;
    try {
      scored = await call(`/api/sessions/${session}/score`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(form),
      });
    } finally {
      clearInterval(watching);
    }
    await progress();
    last = scored;
    show(scored);
    if (scored.ok && scored.body.stored) {
      $("status").textContent = `${t("done")}. ${t("stored")}: ${scored.body.stored}`;
      history();
    }
  } catch (e) {
    $("status").textContent = String(e);
  } finally {
    $("run").disabled = false;
  }
}

// The phases of the session's score job so far: done ones with their seconds, the running
// one with its count (files read, scorecards written).
async function progress() {
  const asked = await call(`/api/sessions/${session}/progress?lang=${lang}`);
  if (!asked.ok) return;
  const list = $("progress");
  list.textContent = "";
  for (const step of asked.body.steps) {
    const item = document.createElement("li");
    item.className = step.finished ? "finished" : "running";
    const count = step.total > 0 ? ` ${step.done}/${step.total}` : "";
    const mark = step.finished ? "\u2713" : "\u2026";
    item.textContent = `${mark} ${step.label}${count} (${step.seconds.toFixed(1)} s)`;
    list.append(item);
  }
  list.hidden = asked.body.steps.length === 0;
}

function where(p) {
  const at = p.location || {};
  return [at.file, at.sheet, at.cell].filter(Boolean).join("!");
}

function problems(list) {
  const rows = $("problem-rows");
  rows.textContent = "";
  for (const p of list) {
    const row = document.createElement("tr");
    row.className = p.severity;
    for (const text of [t(p.severity), where(p), p.message, p.fix || ""]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    rows.append(row);
  }
  // Errors stop the run: the files named are to be fixed; warnings are for reading.
  const errors = list.some((p) => p.severity === "error");
  $("problems-title").textContent = t(errors ? "problems" : "warnings");
  $("problems-hint").hidden = !errors;
  $("problems").hidden = list.length === 0;
}

// The band of `grade` in the rubric the last score used (an uploaded one too), else the chosen.
function band(grade) {
  const used = last && last.ok && last.body.rubric;
  const rubric = used || rubrics.find((r) => r.id === $("rubric").value);
  return rubric && rubric.bands.find((b) => b.grade === grade);
}

function show(scored) {
  if (!scored.ok) {
    $("status").textContent = t("failed");
    $("results").hidden = true;
    problems((scored.body && scored.body.problems) || [{ severity: "error", message: String(scored.body && scored.body.error) }]);
    return;
  }
  $("status").textContent = t("done");
  const body = scored.body;
  problems(body.warnings.problems || []);
  $("ledger").textContent = body.ledger_summary;
  const downloads = $("downloads");
  downloads.textContent = `${t("download")}: `;
  for (const name of body.downloads) {
    const link = document.createElement("a");
    link.href = `/api/sessions/${session}/download/${name}`;
    link.textContent = name;
    link.download = name;
    downloads.append(link, " ");
  }
  const opds = body.evaluation.opds || [];
  const rows = $("ranking-rows");
  rows.textContent = "";
  opds.forEach((o, i) => {
    const row = document.createElement("tr");
    row.dataset.index = i;
    const cells = [o.rank, o.opd, o.score == null ? "" : o.score.toFixed(2), o.predicate || ""];
    cells.forEach((text, k) => {
      const cell = document.createElement("td");
      cell.textContent = text;
      if (k === 0 || k === 2) cell.className = "num";
      if (k === 3 && band(o.predicate)) {
        cell.style.background = band(o.predicate).color;
        cell.style.color = band(o.predicate).font_color;
      }
      row.append(cell);
    });
    row.addEventListener("click", () => opd(o));
    rows.append(row);
  });
  chart(opds);
  network(body.evaluation.city);
  $("results").hidden = false;
}

// The city's collaboration network (with program data): density, silos, and the OPD x OPD
// matrix as a heatmap (a row names the column as partner; darker, more activities together).
function network(city) {
  const box = $("network");
  box.textContent = "";
  box.hidden = !city;
  if (!city) return;
  const title = document.createElement("h3");
  title.textContent = t("network");
  box.append(title);
  const facts = document.createElement("p");
  const density = city.density == null ? "-" : `${(city.density * 100).toFixed(1)} %`;
  const silos = city.silos.length ? city.silos.join(", ") : t("no_silos");
  facts.textContent = `${t("density")}: ${density}. ${t("silos")}: ${silos}.`;
  box.append(facts);
  const names = city.opds || [];
  const most = Math.max(1, ...city.matrix.map((m) => m.activities));
  const size = 14, left = 8;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.id = "heatmap";
  svg.setAttribute("viewBox", `0 0 ${left + names.length * size} ${names.length * size}`);
  svg.setAttribute("width", Math.min(700, left + names.length * size * 1.5));
  // The grid: every pair of OPDs a light cell, each row titled with its OPD.
  names.forEach((name, row) => {
    names.forEach((_, col) => {
      const cell = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      cell.setAttribute("x", left + col * size);
      cell.setAttribute("y", row * size);
      cell.setAttribute("width", size - 1);
      cell.setAttribute("height", size - 1);
      cell.setAttribute("fill", row === col ? "#d0d4da" : "#eef0f3");
      const tip = document.createElementNS("http://www.w3.org/2000/svg", "title");
      tip.textContent = `${name} → ${names[col]}: 0`;
      cell.append(tip);
      svg.append(cell);
    });
  });
  for (const m of city.matrix) {
    const row = names.indexOf(m.from), col = names.indexOf(m.to);
    if (row < 0 || col < 0) continue;
    const cell = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    cell.setAttribute("x", left + col * size);
    cell.setAttribute("y", row * size);
    cell.setAttribute("width", size - 1);
    cell.setAttribute("height", size - 1);
    cell.setAttribute("class", "pair");
    cell.setAttribute("fill", "#1F4E78");
    cell.setAttribute("fill-opacity", (0.15 + 0.85 * (m.activities / most)).toFixed(2));
    const tip = document.createElementNS("http://www.w3.org/2000/svg", "title");
    tip.textContent = `${m.from} → ${m.to}: ${m.activities}`;
    cell.append(tip);
    svg.append(cell);
  }
  box.append(svg);
}

function chart(opds) {
  const svg = $("chart");
  svg.textContent = "";
  const scored = opds.filter((o) => o.score != null);
  if (scored.length === 0) return;
  const width = 1000, height = 220, gap = 2;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const w = width / scored.length;
  scored.forEach((o, i) => {
    const bar = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    const h = (o.score / 100) * (height - 10);
    bar.setAttribute("x", i * w + gap / 2);
    bar.setAttribute("y", height - h);
    bar.setAttribute("width", Math.max(w - gap, 1));
    bar.setAttribute("height", h);
    const b = band(o.predicate);
    bar.setAttribute("fill", b ? b.color : "#1F4E78");
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = `${o.opd}: ${o.score.toFixed(2)} ${o.predicate || ""}`;
    bar.append(title);
    svg.append(bar);
  });
}

function cells(table, texts, header) {
  const row = document.createElement("tr");
  for (const text of texts) {
    const cell = document.createElement(header ? "th" : "td");
    cell.textContent = text;
    row.append(cell);
  }
  table.append(row);
}

// An OPD's page: its components as percents of their maxima, its indices, the first steps to
// the next predicate with the criteria's text, and its self-assessment against the final.
function opd(o) {
  const evaluation = last.body.evaluation;
  const box = $("opd");
  box.textContent = "";
  const title = document.createElement("h3");
  title.textContent = `${o.rank}. ${o.opd} — ${o.score == null ? "" : o.score.toFixed(2)} ${o.predicate || ""}`;
  box.append(title);
  const table = document.createElement("table");
  table.id = "opd-components";
  cells(table, [t("component"), t("score"), t("max"), "%"], true);
  for (const c of evaluation.components || []) {
    const value = o.components ? o.components[c.code] : null;
    const percent = value == null ? "" : ((value / c.max) * 100).toFixed(1);
    cells(table, [`${c.code}. ${c.name}`, value == null ? "" : value.toFixed(2), c.max.toFixed(2), percent]);
  }
  for (const key of ["alignment", "collaboration"]) {
    if (o[key] && o[key].index != null) cells(table, [`${t("index")} ${t(key)}`, o[key].index.toFixed(2), "100.00", ""]);
  }
  box.append(table);
  const next = o.next || {};
  const heading = document.createElement("h4");
  if (next.outcome === "steps") {
    heading.textContent = `${t("steps_to")} ${next.target} (${next.total} ${t("steps")})`;
    box.append(heading);
    const list = document.createElement("ol");
    list.id = "opd-steps";
    for (const s of next.steps) {
      const item = document.createElement("li");
      item.textContent = `${s.code} ${s.text.replace(/\.$/, "")}: ${s.from} → ${s.to} (+${s.points.toFixed(2)})`;
      list.append(item);
    }
    box.append(list);
  } else if (next.outcome) {
    heading.textContent = t(next.outcome === "top" ? "at_top" : "unreachable");
    box.append(heading);
  }
  const own = ((evaluation.reconciliation || {}).opds || []).find((r) => r.opd === o.opd);
  if (own && own.own_score != null) {
    const p = document.createElement("p");
    p.textContent = `${t("own_score")}: ${own.own_score.toFixed(2)}; ${t("final_score")}: ${own.final_score.toFixed(2)}`;
    box.append(p);
  }
  box.hidden = false;
}

// The planners' history (when the server has a history folder): the charts of `sakip trend`,
// each year's city figures and each OPD's percent per year, as `sakip trend` works them out,
// its workbook, and a past year added from a published summary.
async function history() {
  const trend = await call(`/api/trend?lang=${lang}`);
  const box = $("history");
  // 404: the server keeps no history; 400: a history with no year in it yet (or a broken one).
  box.hidden = trend.status === 404;
  $("store-box").hidden = trend.status === 404;
  $("history-empty").hidden = trend.ok || trend.status === 404;
  for (const id of ["history-download", "trend-charts", "history-years", "history-series"]) $(id).textContent = "";
  if (!trend.ok) return;
  const body = trend.body;
  const link = $("history-download");
  link.textContent = `${t("download")}: `;
  const a = document.createElement("a");
  a.href = `/api/trend.xlsx?lang=${lang}`;
  a.textContent = "trend.xlsx";
  link.append(a);
  trendCharts(body);
  const years = $("history-years");
  cells(years, [t("year"), t("rubric"), t("opds_count"), t("mean"), t("median")], true);
  body.years.forEach((y, i) => {
    const c = body.city[i];
    cells(years, [`${y.year}${y.new_regime ? " ◆" : ""}`, y.rubric, c.opds, c.mean.toFixed(2), c.median.toFixed(2)]);
  });
  const series = $("history-series");
  cells(series, ["OPD", ...body.years.map((y) => String(y.year))], true);
  for (const s of body.series) {
    const by = Object.fromEntries(s.points.map((p) => [p.year, p.percent.toFixed(2)]));
    cells(series, [s.name, ...body.years.map((y) => by[y.year] || "")]);
  }
}

// The charts of the trend workbook's Grafik sheet: the city's mean and median, the OPDs that
// moved most over the span (three up, three down), the city mean of each index.
function trendCharts(body) {
  const box = $("trend-charts");
  const years = body.years.map((y) => `${y.year}${y.new_regime ? " ◆" : ""}`);
  lineChart(box, "chart-city", t("chart_city"), years, [
    { name: t("mean"), values: body.city.map((c) => c.mean) },
    { name: t("median"), values: body.city.map((c) => c.median) },
  ]);
  const movers = [...body.movers_span.improved.slice(0, 3), ...body.movers_span.declined.slice(0, 3)];
  if (movers.length > 0) {
    lineChart(box, "chart-movers", t("chart_movers"), years, movers.map((m) => {
      const s = body.series.find((x) => x.name === m.name);
      const at = Object.fromEntries(((s && s.points) || []).map((p) => [p.year, p.percent]));
      return { name: m.name, values: body.years.map((y) => (y.year in at ? at[y.year] : null)) };
    }));
  }
  if (body.indices.length > 0) {
    lineChart(box, "chart-indices", t("chart_indices"), years, body.indices.map((index) => ({
      name: index.name[lang] || index.name.id,
      values: body.city.map((c) => {
        const x = c.indices.find((i) => i.key === index.key);
        return x ? x.mean : null;
      }),
    })));
  }
  if (body.years.some((y) => y.new_regime)) {
    const note = document.createElement("p");
    note.className = "note";
    note.textContent = t("regime");
    box.append(note);
  }
}

const PALETTE = ["#1F4E78", "#C55A11", "#548235", "#7030A0", "#BF8F00", "#2E75B6"];

// A line chart of `series` (each a name and a value per year, null where none) over `years`,
// on a 0-100 scale, with a legend; a point's value in its tooltip.
function lineChart(box, id, title, years, series) {
  const ns = "http://www.w3.org/2000/svg";
  const el = (name, attrs, text) => {
    const node = document.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text != null) node.textContent = text;
    return node;
  };
  const figure = document.createElement("figure");
  figure.id = id;
  const caption = document.createElement("figcaption");
  caption.textContent = title;
  figure.append(caption);
  const width = 720, height = 260, left = 40, right = 200, top = 10, bottom = 30;
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
  const plotW = width - left - right, plotH = height - top - bottom;
  const x = (i) => left + (years.length === 1 ? plotW / 2 : (i * plotW) / (years.length - 1));
  const y = (v) => top + plotH - (v / 100) * plotH;
  for (const v of [0, 25, 50, 75, 100]) {
    svg.append(el("line", { x1: left, x2: left + plotW, y1: y(v), y2: y(v), class: "grid" }));
    svg.append(el("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end" }, String(v)));
  }
  years.forEach((label, i) => svg.append(el("text", { x: x(i), y: height - 8, "text-anchor": "middle" }, label)));
  series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length];
    const points = s.values.map((v, i) => (v == null ? null : [x(i), y(v), v, i])).filter(Boolean);
    if (points.length > 1) {
      svg.append(el("polyline", { points: points.map((p) => `${p[0]},${p[1]}`).join(" "), fill: "none", stroke: color, "stroke-width": 2, class: "series" }));
    }
    for (const [px, py, v, i] of points) {
      const dot = el("circle", { cx: px, cy: py, r: 3.5, fill: color, class: "point" });
      dot.append(el("title", {}, `${s.name} ${years[i]}: ${v.toFixed(2)}`));
      svg.append(dot);
    }
    svg.append(el("rect", { x: left + plotW + 12, y: top + 6 + k * 18, width: 10, height: 10, fill: color }));
    const name = s.name.length > 30 ? `${s.name.slice(0, 29)}…` : s.name;
    svg.append(el("text", { x: left + plotW + 26, y: top + 15 + k * 18, class: "legend" }, name));
  });
  figure.append(svg);
  box.append(figure);
}

// A template (`sakip template`) built by the server and saved by the browser under the name the
// server gives it.
async function downloadTemplate(kind) {
  const status = $("template-status");
  const form = new FormData();
  form.append("opds", $("template-opds").value);
  form.append("paper", $("template-paper").value);
  form.append("lang", lang);
  if (kind === "lke") {
    if (!$("template-opds").value.trim()) { status.textContent = t("template_needs_opds"); return; }
    // The rubric file of the user's own, when one is chosen above, over the built-in one.
    const own = $("rubric-file").files[0];
    if (own) form.append("rubric", own, own.name);
    else form.append("rubric", $("rubric").value);
  } else {
    const file = $("template-priorities").files[0];
    if (!file) { status.textContent = t("template_needs_priorities"); return; }
    form.append("priorities", file, file.name);
  }
  status.textContent = t("working");
  const response = await fetch(`/api/template/${kind}`, { method: "POST", body: form, credentials: "same-origin" });
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    status.textContent = t("failed");
    problems((body && body.problems) || [{ severity: "error", message: String(body && body.error) }]);
    return;
  }
  const disposition = response.headers.get("content-disposition") || "";
  const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || "templat.xlsx";
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  status.textContent = `${t("done")}: ${name}`;
}

// A past year from its published summary (`sakip history import`), then the history again.
async function importYear() {
  const status = $("import-status");
  const file = $("import-file").files[0];
  const year = $("import-year").value;
  if (!file || !year) { status.textContent = t("import_needs"); return; }
  const form = new FormData();
  form.append("summary", file, file.name);
  form.append("year", year);
  // A rubric file of the region's own, when one is chosen, over the built-in one.
  const own = $("import-rubric-file").files[0];
  if (own) form.append("rubric", own, own.name);
  else form.append("rubric", $("import-rubric").value);
  form.append("lang", lang);
  $("import").disabled = true;
  try {
    const done = await call("/api/history/import", { method: "POST", body: form });
    if (done.ok) {
      status.textContent = `${t("imported")}: ${done.body.stored} (${done.body.opds} OPD)`;
      problems(done.body.warnings.problems || []);
      await history();
    } else {
      status.textContent = t("failed");
      problems((done.body && done.body.problems) || [{ severity: "error", message: String(done.body && done.body.error) }]);
    }
  } finally {
    $("import").disabled = false;
  }
}

$("lang").addEventListener("click", () => { lang = lang === "id" ? "en" : "id"; translate(); history(); });
$("run").addEventListener("click", run);
$("import").addEventListener("click", importYear);
$("template-lke").addEventListener("click", () => downloadTemplate("lke"));
$("template-programs").addEventListener("click", () => downloadTemplate("programs"));
$("year").value = new Date().getFullYear();
call("/api/rubrics").then((r) => { rubrics = r.body || []; translate(); });
history();
