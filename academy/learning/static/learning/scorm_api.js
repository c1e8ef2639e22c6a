/* A minimal SCORM 1.2 run-time API for the Academy's distance learning (issue 14).
 *
 * The package in the player's iframe finds `window.API` by walking up its parents (SCORM
 * 1.2 RTE 3.3). Values are kept in memory; LMSCommit and LMSFinish post the cmi values
 * the server keeps (lesson status, score, location, suspend data, session time) to the
 * player's track URL as JSON with the CSRF token. Written for this project (no library).
 */
(function () {
  "use strict";
  var root = document.getElementById("scorm-player");
  if (!root) { return; }
  var initial = JSON.parse(document.getElementById("scorm-values").textContent || "{}");
  var values = Object.assign({}, initial);
  var state = "new"; // new → running → finished
  var lastError = "0";
  var dirty = false;
  var STATUSES = ["passed", "completed", "failed", "incomplete", "browsed", "not attempted"];
  var WRITABLE = {
    "cmi.core.lesson_status": true, "cmi.core.lesson_location": true,
    "cmi.core.score.raw": true, "cmi.core.score.min": true, "cmi.core.score.max": true,
    "cmi.core.session_time": true, "cmi.core.exit": true, "cmi.suspend_data": true
  };
  var SENT = ["cmi.core.lesson_status", "cmi.core.lesson_location", "cmi.core.score.raw",
    "cmi.core.score.max", "cmi.core.session_time", "cmi.suspend_data"];
  var ERRORS = {
    "0": "No error", "101": "General exception", "201": "Invalid argument error",
    "301": "Not initialized", "351": "Incorrect data type", "401": "Not implemented error",
    "403": "Element is read only", "404": "Element is write only"
  };
  var status = document.getElementById("scorm-status");

  function show(text) { if (status) { status.textContent = text; } }

  function send(finish) {
    var body = {};
    SENT.forEach(function (key) { if (key in values) { body[key] = values[key]; } });
    var payload = JSON.stringify(body);
    dirty = false;
    if (finish && navigator.sendBeacon) {
      // The page may be closing: a beacon still arrives (the CSRF token goes in the form).
      var data = new FormData();
      data.append("csrfmiddlewaretoken", root.dataset.csrf);
      data.append("values", payload);
      navigator.sendBeacon(root.dataset.trackUrl, data);
      return true;
    }
    fetch(root.dataset.trackUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf},
      body: payload
    }).then(function (response) {
      return response.json().then(function (data) {
        show(response.ok ? root.dataset.msgSaved + " " + (data.status || "") : (data.error || root.dataset.msgError));
      });
    }).catch(function () { dirty = true; show(root.dataset.msgError); });
    return true;
  }

  function running() {
    if (state !== "running") { lastError = "301"; return false; }
    return true;
  }

  window.API = {
    LMSInitialize: function (arg) {
      if (arg !== "" && arg !== undefined) { lastError = "201"; return "false"; }
      if (state === "running") { lastError = "101"; return "false"; }
      state = "running"; lastError = "0";
      return "true";
    },
    LMSFinish: function (arg) {
      if (!running()) { return "false"; }
      state = "finished"; lastError = "0";
      send(true);
      return "true";
    },
    LMSGetValue: function (key) {
      if (!running()) { return ""; }
      lastError = "0";
      if (key === "cmi.core.session_time" || key === "cmi.core.exit") { lastError = "404"; return ""; }
      if (key === "cmi.core._children") { return "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time"; }
      if (key === "cmi.core.score._children") { return "raw,min,max"; }
      if (key in values) { return String(values[key]); }
      if (/^cmi\.(core|suspend_data|launch_data|comments|student_data)/.test(key)) { return ""; }
      lastError = "401";
      return "";
    },
    LMSSetValue: function (key, value) {
      if (!running()) { return "false"; }
      if (!WRITABLE[key]) { lastError = key in values ? "403" : "401"; return "false"; }
      value = String(value);
      if (key === "cmi.core.lesson_status" && (STATUSES.indexOf(value) < 0 || value === "not attempted")) {
        lastError = "351"; return "false";
      }
      if (key.indexOf("cmi.core.score.") === 0 && value !== "" && isNaN(Number(value))) {
        lastError = "351"; return "false";
      }
      values[key] = value; dirty = true; lastError = "0";
      return "true";
    },
    LMSCommit: function (arg) {
      if (!running()) { return "false"; }
      lastError = "0";
      return send(false) ? "true" : "false";
    },
    LMSGetLastError: function () { return lastError; },
    LMSGetErrorString: function (code) { return ERRORS[String(code)] || ""; },
    LMSGetDiagnostic: function (code) { return ERRORS[String(code || lastError)] || ""; }
  };

  window.addEventListener("pagehide", function () {
    if (state === "running" && dirty) { send(true); }
  });
})();
