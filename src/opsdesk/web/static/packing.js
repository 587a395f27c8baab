// The packing station: one always-focused scan field. A keyboard-wedge scanner types the
// code and Enter; the camera (ZXing) feeds decoded text into the same handler. Each scan
// is POSTed; the answer (JSON) carries the outcome, a message and the parcel panel.
// Refusals are loud: a red banner (role=alert) and three low beeps through WebAudio.
(function () {
  "use strict";
  const form = document.getElementById("scan-form");
  if (!form) return;
  const input = document.getElementById("scan");
  const current = document.getElementById("scan-fulfilment");
  const alertBox = document.getElementById("station-alert");
  const status = document.getElementById("station-status");
  const slot = document.getElementById("parcel-slot");
  const csrf = form.querySelector("input[name=csrf]").value;
  const REFUSALS = new Set(["wrong_item", "over_scan", "unknown", "no_parcel", "refused",
    "carrier_down"]);
  // A scanner types a whole code within milliseconds; a lone key that stays alone this
  // long is a shortcut (a box number, L, S) typed by a person.
  const SHORTCUT_MS = 60;
  const queue = [];
  let busy = false;
  let audio = null;
  let shortcutTimer = null;

  const stage = () => {
    const parcel = slot.querySelector("#parcel");
    return parcel ? parcel.dataset.stage : "";
  };
  const keepFocus = () => {
    if (document.activeElement !== input) input.focus({ preventScroll: true });
  };

  function tone(context, frequency, start, seconds, type, volume) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = type;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(volume, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + seconds);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + seconds);
  }

  function beep(kind) {
    const body = document.body.dataset;
    body.beeps = String(Number(body.beeps || 0) + 1);
    body.lastBeep = kind;
    try {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return;
      audio = audio || new Context();
      if (audio.state === "suspended") audio.resume();
      const t = audio.currentTime;
      if (kind === "error") {
        [0, 0.2, 0.4].forEach((offset) => tone(audio, 196, t + offset, 0.16, "square", 0.7));
      } else {
        tone(audio, 880, t, 0.08, "sine", 0.25);
      }
    } catch (error) {
      // No sound on this device: the banner still says it.
    }
  }

  function refuse(message, kind) {
    alertBox.textContent = message;
    alertBox.dataset.kind = kind;
    alertBox.hidden = false;
    status.textContent = "";
    document.body.classList.remove("station-refused");
    void document.body.offsetWidth; // restart the flash animation
    document.body.classList.add("station-refused");
    beep("error");
  }

  function accept(message) {
    alertBox.hidden = true;
    alertBox.textContent = "";
    delete alertBox.dataset.kind;
    document.body.classList.remove("station-refused");
    status.textContent = message;
    beep("ok");
  }

  function politely(message) {
    status.textContent = message;
  }

  function apply(data) {
    if (data.html) {
      slot.innerHTML = data.html;
      current.value = data.fulfilment || "";
    }
    if (data.url && data.url !== window.location.pathname) {
      window.history.replaceState(null, "", data.url);
    }
    if (REFUSALS.has(data.outcome)) refuse(data.message, data.outcome);
    else accept(data.message);
  }

  async function post(url, fields) {
    const body = new URLSearchParams(Object.assign({ csrf: csrf }, fields));
    const response = await fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const type = response.headers.get("content-type") || "";
    if (!type.includes("application/json")) {
      if (response.redirected) { window.location.href = response.url; return; }
      refuse("The server did not take this (" + response.status + "). Reload the page.", "refused");
      return;
    }
    apply(await response.json());
  }

  async function run(task) {
    if (busy) { queue.push(task); return; }
    busy = true;
    try {
      await task();
    } catch (error) {
      refuse("No connection: that scan was not recorded. Scan it again.", "refused");
    } finally {
      busy = false;
      keepFocus();
      if (queue.length) run(queue.shift());
    }
  }

  // Each scan waits for the one before, so it goes to the parcel that one opened.
  const scan = (code) => run(() => post(form.action, { code: code, fulfilment: current.value }));
  const ship = () => run(() => post("/workspace/packing/" + current.value + "/ship", {}));
  function openDocument(which) {
    const parcel = slot.querySelector("#parcel");
    const url = parcel && parcel.dataset[which];
    if (url) window.open(url, "_blank", "noopener");
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(shortcutTimer);
    const code = input.value.trim();
    input.value = "";
    if (code) scan(code);
    else if (stage() === "ship") ship();
  });

  input.addEventListener("keydown", (event) => {
    if (input.value !== "" || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    const now = stage();
    let action = null;
    if (/^[1-9]$/.test(key) && (now === "box" || now === "ship")) action = () => scan(key);
    else if (now === "shipped" && key.toLowerCase() === "l") action = () => openDocument("labelUrl");
    else if (now === "shipped" && key.toLowerCase() === "s") action = () => openDocument("slipUrl");
    if (!action) return;
    clearTimeout(shortcutTimer);
    shortcutTimer = setTimeout(() => {
      if (input.value.toLowerCase() === key.toLowerCase()) {
        input.value = "";
        action();
      }
    }, SHORTCUT_MS);
  });

  slot.addEventListener("click", (event) => {
    const box = event.target.closest("[data-box-key]");
    if (box) scan(box.dataset.boxKey);
    else if (event.target.closest("[data-action=ship]")) ship();
    keepFocus();
  });

  input.addEventListener("blur", () => setTimeout(keepFocus, 0));
  window.addEventListener("focus", keepFocus);
  document.addEventListener("visibilitychange", keepFocus);

  // The camera: decoded text goes through the same scan handler as the scanner.
  const cameraButton = document.getElementById("camera-toggle");
  const video = document.getElementById("camera-view");
  let controls = null;
  let last = { text: "", at: 0 };

  function stopCamera() {
    if (controls) controls.stop();
    controls = null;
    video.hidden = true;
    cameraButton.setAttribute("aria-pressed", "false");
    politely("Camera off.");
  }

  async function startCamera() {
    const library = window.ZXingBrowser;
    if (!library || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      politely("This device offers no camera here: use the scanner or type the code.");
      return;
    }
    try {
      video.hidden = false;
      const reader = new library.BrowserMultiFormatReader();
      controls = await reader.decodeFromVideoDevice(undefined, video, (result) => {
        if (!result) return;
        const text = result.getText();
        const at = Date.now();
        if (text === last.text && at - last.at < 2000) return; // the same code, still in view
        last = { text: text, at: at };
        scan(text);
      });
      cameraButton.setAttribute("aria-pressed", "true");
      politely("Camera on: hold a barcode in front of it.");
    } catch (error) {
      controls = null;
      video.hidden = true;
      const refused = error && (error.name === "NotAllowedError" || error.name === "SecurityError");
      politely(refused
        ? "The camera was not allowed. Allow it in the browser, or use the scanner."
        : "No camera could be started. Use the scanner or type the code.");
    }
  }

  cameraButton.addEventListener("click", async () => {
    if (controls) stopCamera();
    else await startCamera();
    keepFocus();
  });

  keepFocus();
})();
