// The browser checker's worker: runs Python (Pyodide) and nrm_core off the page's thread,
// so the page stays responsive while a file is checked.
//
// The page creates this worker from a blob: URL only after it has fetched every file the
// worker needs and added its after-load Content-Security-Policy (default-src 'none'), so
// the worker inherits a policy under which it can make no request at all. Everything it
// needs arrives by postMessage as bytes: Pyodide's loader and runtime (imported from blob:
// URLs the page made), the WebAssembly binary, the standard library, and the wheels of
// nrm_core and its dependencies. Pyodide asks for its runtime files with fetch(); here
// fetch() answers those names from memory and refuses everything else, so Pyodide never
// tries the network (its package index is empty: nothing can be loaded by name).
//
// Messages in:  {type: "load", ...}  then  {id, method, args, files?}
// Messages out: {type: "progress", text}, {type: "ready", about}, {id, result} or {id, error},
//               {type: "checked", id, count} while a check runs.

let pyodide = null;
let checker = null;
let lastFolder = null; // the files of the last check, read again for the report
const memory = new Map(); // file name -> bytes, answered by fetch()

self.fetch = async (input) => {
  const url = typeof input === "string" ? input : input.url || String(input);
  const name = url.slice(url.lastIndexOf("/") + 1);
  const bytes = memory.get(name);
  if (bytes === undefined) {
    throw new TypeError(`the checker makes no network requests (asked for ${name})`);
  }
  memory.delete(name); // each runtime file is read once
  const type = name.endsWith(".wasm") ? "application/wasm" : "application/octet-stream";
  return new Response(bytes, { headers: { "Content-Type": type } });
};

function progress(text) {
  self.postMessage({ type: "progress", text });
}

async function load(message) {
  progress("Starting Python (WebAssembly)…");
  for (const [name, bytes] of Object.entries(message.runtime)) memory.set(name, bytes);
  const { loadPyodide } = await import(message.scripts.loader);
  const createPyodideModule = (await import(message.scripts.runtime)).default;
  pyodide = await loadPyodide({
    indexURL: message.indexURL,
    lockFileContents: message.lock,
    packageBaseUrl: message.indexURL,
    createPyodideModule,
    fullStdLib: false,
    stdout: () => {},
    stderr: () => {},
  });
  progress("Installing nrm_core…");
  const site = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  for (const [name, bytes] of Object.entries(message.wheels)) {
    pyodide.unpackArchive(bytes, "wheel", { extractDir: site });
    progress(`Installed ${name}`);
  }
  pyodide.FS.writeFile(`${site}/nrm_checker.py`, new Uint8Array(message.glue));
  pyodide.FS.mkdirTree("/home/pyodide/files");
  progress("Reading the rules…");
  checker = pyodide.pyimport("nrm_checker");
  const about = JSON.parse(checker.about());
  self.postMessage({ type: "ready", about });
}

function writeFiles(files) {
  // A new folder for each check: the files keep their own names, as on the command line.
  const folder = `/home/pyodide/files/${Date.now()}`;
  pyodide.FS.mkdirTree(folder);
  pyodide.FS.chdir(folder);
  for (const file of files) pyodide.FS.writeFile(file.name, new Uint8Array(file.bytes));
  return folder;
}

function removeFolder(folder) {
  for (const name of pyodide.FS.readdir(folder)) {
    if (name !== "." && name !== "..") pyodide.FS.unlink(`${folder}/${name}`);
  }
  pyodide.FS.chdir("/home/pyodide");
  pyodide.FS.rmdir(folder);
}

function call(message) {
  const method = checker[message.method];
  const args = message.args || [];
  const kwargs = { ...(message.kwargs || {}) };
  if (message.method === "check") {
    kwargs.progress = (count) => self.postMessage({ type: "checked", id: message.id, count });
    if (lastFolder) removeFolder(lastFolder); // only the files of the last check are kept
    lastFolder = writeFiles(message.files);
    return method.callKwargs(message.files.map((f) => f.name), ...args, kwargs);
  }
  return method.callKwargs(...args, kwargs);
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "load") {
    try {
      await load(message);
    } catch (error) {
      self.postMessage({ type: "failed", error: String(error && error.message) });
    }
    return;
  }
  try {
    self.postMessage({ id: message.id, result: call(message) });
  } catch (error) {
    // A Python exception: its last line only (never a traceback that could quote data).
    const text = String(error && error.message).trim().split("\n").pop();
    self.postMessage({ id: message.id, error: text });
  }
};
