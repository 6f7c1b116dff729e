// The browser checker's page script: loads the checker, then shows what nrm_core says.
//
// Loading: the page fetches its own files listed in manifest.json (Pyodide's runtime, the
// wheels of nrm_core and its dependencies, the worker and its Python module), each checked
// against its SHA-256. Then it adds a second Content-Security-Policy, AFTER_LOAD_POLICY,
// with default-src 'none': from then on neither the page nor the worker (created next,
// from a blob: URL, so it inherits the policy) can make any request. The files are handed
// to the worker as bytes. Every answer comes from nrm_core through nrm_checker.py; this
// script only draws it.

const AFTER_LOAD_POLICY =
  "default-src 'none'; script-src blob: 'wasm-unsafe-eval'; worker-src blob:; " +
  "base-uri 'none'; form-action 'none'";
const PAGE_ROWS = 100;
const COLUMNS = ["Location", "Case", "Severity", "Code", "Path", "Message"];

const $ = (id) => document.getElementById(id);
const state = { worker: null, calls: new Map(), next: 1, problems: [], shownRows: PAGE_ROWS };

function setStatus(text, busy) {
  $("status-text").textContent = text;
  const bar = $("load-progress");
  bar.hidden = !busy;
  if (busy === "indeterminate") bar.removeAttribute("value");
}

function formatBytes(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function plural(count, noun, many) {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? noun : many || `${noun}s`}`;
}

async function fetchAll(manifest) {
  const total = manifest.files.reduce((sum, file) => sum + file.size, 0);
  let loaded = 0;
  const bar = $("load-progress");
  bar.max = total;
  const fetchOne = async (file) => {
    const response = await fetch(file.path, { integrity: `sha256-${file.sha256}` });
    if (!response.ok) throw new Error(`${file.path}: ${response.status}`);
    const reader = response.body.getReader();
    const chunks = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      bar.value = loaded;
      $("status-text").textContent =
        `Loading the checker: ${formatBytes(loaded)} of ${formatBytes(total)}`;
    }
    return (await new Blob(chunks).arrayBuffer());
  };
  const bytes = {};
  await Promise.all(manifest.files.map(async (file) => (bytes[file.path] = await fetchOne(file))));
  return bytes;
}

function lockDown() {
  const meta = document.createElement("meta");
  meta.httpEquiv = "Content-Security-Policy";
  meta.content = AFTER_LOAD_POLICY;
  document.head.append(meta);
}

function scriptURL(buffer) {
  return URL.createObjectURL(new Blob([buffer], { type: "text/javascript" }));
}

function call(method, kwargs, extra) {
  const id = state.next++;
  return new Promise((resolve, reject) => {
    state.calls.set(id, { resolve, reject });
    state.worker.postMessage({ id, method, kwargs, ...extra }, extra && extra.transfer);
  });
}

function onMessage(event) {
  const message = event.data;
  if (message.type === "progress") {
    setStatus(message.text, "indeterminate");
  } else if (message.type === "ready") {
    ready(message.about);
  } else if (message.type === "failed") {
    setStatus(`The checker could not start: ${message.error}`, false);
  } else if (message.type === "checked") {
    setStatus(`Checking: ${plural(message.count, "record")} read…`, "indeterminate");
  } else if (state.calls.has(message.id)) {
    const { resolve, reject } = state.calls.get(message.id);
    state.calls.delete(message.id);
    if ("error" in message) reject(new Error(message.error));
    else resolve(message.result);
  }
}

async function start() {
  const today = new Date();
  const iso = new Date(today.getTime() - today.getTimezoneOffset() * 60000)
    .toISOString()
    .slice(0, 10);
  $("as-at").value = iso;
  $("submitted-on").value = iso;
  try {
    const manifest = await (await fetch("manifest.json")).json();
    state.manifest = manifest;
    const bytes = await fetchAll(manifest);
    lockDown(); // from here on, no request can be made
    const text = (path) => bytes[path];
    const worker = new Worker(scriptURL(text(manifest.worker)), { type: "module" });
    state.worker = worker;
    worker.onmessage = onMessage;
    const runtime = {};
    for (const path of manifest.runtime) runtime[path.split("/").pop()] = bytes[path];
    const wheels = {};
    for (const path of manifest.wheels) wheels[path.split("/").pop()] = bytes[path];
    const lock = JSON.parse(new TextDecoder().decode(bytes[manifest.lock]));
    const message = {
      type: "load",
      indexURL: new URL("pyodide/", location.href).href,
      scripts: { loader: scriptURL(text(manifest.loader)), runtime: scriptURL(text(manifest.module)) },
      runtime,
      wheels,
      lock,
      glue: bytes[manifest.glue],
    };
    worker.postMessage(message, [...Object.values(runtime), ...Object.values(wheels)]);
    setStatus("Starting Python (WebAssembly)…", "indeterminate");
  } catch (error) {
    setStatus(`The checker could not load: ${error.message}`, false);
  }
}

async function ready(about) {
  const m = state.manifest;
  $("versions").textContent =
    `nrm_core ${about.nrm_core} · rules bundled with it ` +
    `(${about.rules.replace(/^Rules\((.*)\)$/, "$1")}) · Pyodide ${m.pyodide.version} ` +
    `(Python ${m.pyodide.python}) · ${m.wheel_names.join(", ")}`;
  await loadCouncils();
  $("council").disabled = false;
  $("check").disabled = false;
  setStatus("Ready: choose your files and press “Check files”.", false);
  document.body.dataset.ready = "true";
}

async function loadCouncils() {
  const chosen = $("council").value;
  const councils = JSON.parse(await call("councils", { as_at: $("as-at").value }));
  const select = $("council");
  select.replaceChildren(new Option("All councils", ""));
  for (const council of councils) {
    select.append(new Option(`${council.name} (${council.code})`, council.code));
  }
  select.value = councils.some((c) => c.code === chosen) ? chosen : "";
}

async function readFiles(fileList) {
  const seen = new Set();
  const files = [];
  for (const file of fileList) {
    let name = file.name.replace(/[/\\\0]/g, "_") || "file";
    for (let n = 2; seen.has(name); n++) name = file.name.replace(/(\.[^.]*)?$/, ` (${n})$1`);
    seen.add(name);
    files.push({ name, bytes: await file.arrayBuffer() });
  }
  return files;
}

function chosenFiles() {
  return state.dropped || $("files").files;
}

async function check(event) {
  event.preventDefault();
  const fileList = chosenFiles();
  if (!fileList || !fileList.length) {
    setStatus("Choose at least one file to check.", false);
    $("files").focus();
    return;
  }
  if (!$("as-at").value) {
    setStatus("Enter the as-at date.", false);
    $("as-at").focus();
    return;
  }
  $("check").disabled = true;
  setStatus(`Checking ${plural(fileList.length, "file")}…`, "indeterminate");
  const started = performance.now();
  try {
    const files = await readFiles(fileList);
    const kind = document.querySelector("input[name=kind]:checked").value;
    const result = JSON.parse(
      await call(
        "check",
        { as_at: $("as-at").value, kind, submitted_on: $("submitted-on").value },
        { files, transfer: files.map((f) => f.bytes) },
      ),
    );
    state.seconds = (performance.now() - started) / 1000;
    showResult(result);
    setStatus(`Checked in ${state.seconds.toFixed(1)} seconds.`, false);
    document.body.dataset.checked = String(Number(document.body.dataset.checked || 0) + 1);
    $("results-heading").focus();
    await Promise.all([showReport(), showWorklist()]);
  } catch (error) {
    setStatus(`The files could not be checked: ${error.message}`, false);
  } finally {
    $("check").disabled = false;
  }
}

function showResult(result) {
  $("summary").textContent = result.summary_text; // the command's words
  state.problems = [];
  for (const record of result.records) {
    for (const problem of record.problems) state.problems.push({ record, problem });
  }
  const codes = $("filter-code");
  codes.replaceChildren(new Option(`All codes (${state.problems.length.toLocaleString("en-GB")})`, ""));
  for (const [code, count] of Object.entries(result.codes)) {
    codes.append(new Option(`${code} (${count.toLocaleString("en-GB")})`, code));
  }
  const ids = $("case-ids");
  ids.replaceChildren(...result.cases.slice(0, 5000).map((id) => new Option(id)));
  if (result.cases.length && !$("case-id").value) $("case-id").value = result.cases[0];
  $("explanation").hidden = true;
  $("results").hidden = false;
  state.shownRows = PAGE_ROWS;
  renderProblems();
}

function filtered() {
  const text = $("filter-case").value.trim().toLowerCase();
  const code = $("filter-code").value;
  const severity = $("filter-severity").value;
  return state.problems.filter(
    ({ record, problem }) =>
      (!code || problem.code === code) &&
      (!severity || problem.severity === severity) &&
      (!text ||
        (record.case_id || "").toLowerCase().includes(text) ||
        record.location.toLowerCase().includes(text)),
  );
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.append(td);
  return td;
}

function renderProblems() {
  const rows = filtered();
  const body = $("problems").tBodies[0];
  const shown = rows.slice(0, state.shownRows);
  body.replaceChildren(
    ...shown.map(({ record, problem }) => {
      const tr = document.createElement("tr");
      cell(tr, record.location);
      cell(tr, record.case_id || "–");
      cell(tr, problem.severity, `severity ${problem.severity}`);
      cell(tr, problem.code, "code");
      cell(tr, problem.path, "code");
      const message = cell(tr, problem.message);
      [...tr.cells].forEach((td, i) => (td.dataset.label = COLUMNS[i])); // for narrow screens
      if (problem.citation) {
        const rule = document.createElement("span");
        rule.className = "rule";
        rule.textContent = `Rule: ${problem.citation}`;
        message.append(rule);
      }
      if (record.rest_unread) {
        const rest = document.createElement("span");
        rest.className = "rule";
        rest.textContent =
          "The rest of the file cannot be read (a .json array stops at its first syntax " +
          "error): the records after this point are not checked.";
        message.append(rest);
      }
      return tr;
    }),
  );
  const total = state.problems.length;
  $("shown").textContent = total
    ? `Showing ${shown.length.toLocaleString("en-GB")} of ${plural(rows.length, "problem")}` +
      (rows.length < total ? ` (${total.toLocaleString("en-GB")} before filtering)` : "") + "."
    : "No problems found.";
  $("more").hidden = shown.length >= rows.length;
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function explain(event) {
  event.preventDefault();
  const answer = JSON.parse(
    await call("explain", {
      case_id: $("case-id").value.trim(),
      as_at: $("as-at").value,
      redact: !$("unredact").checked,
    }),
  );
  const out = $("explanation");
  out.textContent = answer.error ? `Cannot explain: ${answer.error}.` : answer.text;
  out.hidden = false;
}

function table(columns, rows, stacked) {
  const element = document.createElement("table");
  if (stacked) element.className = "stacked"; // one block per row on a narrow screen
  const head = element.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = column;
    head.append(th);
  }
  const body = element.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    row.forEach((value, i) => {
      cell(tr, value === null ? "" : String(value)).dataset.label = columns[i];
    });
  }
  return element;
}

async function showReport() {
  const answer = JSON.parse(
    await call("report_tables", { as_at: $("as-at").value, period: $("period").value }),
  );
  const parts = [];
  const intro = document.createElement("p");
  parts.push(intro);
  if (answer.unread) {
    intro.textContent =
      `No figures are given: the rest of ${answer.unread.join(", ")} cannot be read, so ` +
      "they would count only part of it. Fix the file (its problems are listed above).";
    $("report").replaceChildren(...parts);
    return;
  }
  const report = answer.report;
  intro.textContent =
    `As at ${report.as_of}: ${report.cases} cases; ${report.protection}.` +
    (answer.left_out ? ` ${answer.left_out}` : "");
  for (const t of report.tables) {
    const section = document.createElement("section");
    section.className = "report-table";
    section.dataset.table = t.name;
    const heading = document.createElement("h3");
    heading.textContent = t.title;
    const wrap = document.createElement("div");
    wrap.className = "table-wrap";
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", t.title);
    wrap.append(table(t.columns, t.rows));
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = "What the columns count";
    const list = document.createElement("dl");
    for (const [column, text] of Object.entries(t.definitions)) {
      const dt = document.createElement("dt");
      dt.textContent = column;
      const dd = document.createElement("dd");
      dd.textContent = text;
      list.append(dt, dd);
    }
    for (const note of t.notes) {
      const dd = document.createElement("dd");
      dd.textContent = `Note: ${note}`;
      list.append(dd);
    }
    details.append(summary, list);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary";
    button.textContent = `Download “${t.title}” (CSV)`;
    button.addEventListener("click", () => download(`${t.name}.csv`, answer.csv[t.name], "text/csv"));
    section.append(heading, wrap, details, button);
    parts.push(section);
  }
  const all = document.createElement("button");
  all.type = "button";
  all.className = "button secondary";
  all.id = "download-report";
  all.textContent = "Download every table (JSON)";
  all.addEventListener("click", () =>
    download("report.json", JSON.stringify(report, null, 2), "application/json"),
  );
  parts.push(all);
  $("report").replaceChildren(...parts);
}

const GROUPS = [
  ["overdue", "Overdue"],
  ["due-soon", "Due soon"],
  ["eighteen-soon", "18th birthday soon"],
  ["rest", "The rest"],
];

function button(text, id, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "button secondary";
  element.textContent = text;
  if (id) element.id = id;
  element.addEventListener("click", onClick);
  return element;
}

function deadline(item) {
  return item ? `${item.description}: ${item.due}` : "";
}

async function showWorklist() {
  const council = $("council");
  const answer = JSON.parse(
    await call("worklist", { as_at: $("as-at").value, council: council.value }),
  );
  const w = answer.worklist;
  const whose = council.value ? council.selectedOptions[0].textContent : "every council";
  const intro = document.createElement("p");
  intro.textContent =
    `As at ${w.as_of}, ${plural(w.rows.length, "open case")} of ${whose}, most urgent ` +
    "first. The 18th birthday is shown as its month only.";
  const parts = [intro];
  for (const [group, title] of GROUPS) {
    const rows = w.rows.filter((row) => row.group === group);
    const heading = document.createElement("h3");
    heading.textContent = `${title} (${rows.length})`;
    parts.push(heading);
    if (!rows.length) continue;
    const wrap = document.createElement("div");
    wrap.className = "table-wrap worklist-group";
    wrap.dataset.group = group;
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", title);
    wrap.append(
      table(
        ["Case", "Authority", "State", "Who acts", "Next deadline", "Overdue", "Days waited", "Flags"],
        rows.map((row) => [
          row.case_id,
          row.authority,
          row.state,
          `${row.who_acts_text}: ${row.action}`,
          deadline(row.next_deadline),
          row.overdue.map((item) => `${item.description} by ${plural(item.days, "day")}`).join("; "),
          row.days_waited,
          row.flags.join(", "),
        ]),
        true,
      ),
    );
    parts.push(wrap);
  }
  if (w.invalid.length) {
    const note = document.createElement("p");
    note.id = "worklist-invalid";
    note.textContent =
      `${plural(w.invalid.length, "invalid record")} not on the worklist (see the problems ` +
      `above): ${w.invalid.slice(0, 20).map((u) => u.case_id || u.location).join(", ")}` +
      (w.invalid.length > 20 ? ` and ${(w.invalid.length - 20).toLocaleString("en-GB")} more.` : ".");
    parts.push(note);
  }
  const stamp = w.as_of;
  parts.push(
    button("Download the worklist (CSV)", "download-worklist-csv", () =>
      download(`worklist-${stamp}.csv`, answer.csv, "text/csv"),
    ),
    " ",
    button("Download the deadlines for your calendar (.ics)", "download-worklist-ics", () =>
      download(`worklist-${stamp}.ics`, answer.ics, "text/calendar"),
    ),
    " ",
    button("Download the worklist (JSON)", "download-worklist-json", () =>
      download(`worklist-${stamp}.json`, answer.json, "application/json"),
    ),
  );
  $("worklist").replaceChildren(...parts);
}

function setUp() {
  $("check-form").addEventListener("submit", check);
  $("explain-form").addEventListener("submit", explain);
  $("as-at").addEventListener("change", () => state.worker && loadCouncils());
  $("council").addEventListener("change", () => !$("results").hidden && showWorklist());
  for (const radio of document.querySelectorAll("input[name=kind]")) {
    radio.addEventListener("change", () => {
      $("submitted-field").hidden = $("kind-home-office").checked === false;
    });
  }
  $("files").addEventListener("change", () => {
    state.dropped = null;
    showChosen($("files").files);
  });
  const zone = $("drop-zone");
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    state.dropped = event.dataTransfer.files;
    showChosen(state.dropped);
  });
  for (const id of ["filter-case", "filter-code", "filter-severity"]) {
    $(id).addEventListener("input", () => {
      state.shownRows = PAGE_ROWS;
      renderProblems();
    });
  }
  $("more").addEventListener("click", () => {
    state.shownRows += PAGE_ROWS;
    renderProblems();
  });
  $("download-problems").addEventListener("click", async () => {
    download("problems.csv", await call("problems_csv", {}), "text/csv");
  });
  $("period").addEventListener("change", showReport);
  start();
}

function showChosen(files) {
  const names = [...files].map((f) => f.name);
  $("chosen").textContent = names.length ? `Chosen: ${names.join(", ")}` : "";
}

setUp();
