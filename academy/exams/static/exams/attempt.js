// Exam attempt page: countdown, autosave of every answer, proctoring events (TR-19, TR-21).
// The server owns the deadline; this script only shows it and submits when it passes.
// Texts come translated from data- attributes of #exam-attempt.
(function () {
  "use strict";
  var root = document.getElementById("exam-attempt");
  if (!root) return;
  var d = root.dataset;
  var status = document.getElementById("save-status");
  var countdown = document.getElementById("countdown");
  var submitForm = document.getElementById("submit-form");
  var skew = Date.parse(d.now) - Date.now(); // server clock minus browser clock
  var deadline = Date.parse(d.deadline);
  var finished = false;
  var pending = 0;

  function show(text, cls) {
    status.textContent = text;
    status.className = "ms-2 small " + (cls || "text-muted");
  }

  function post(url, body, headers) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: Object.assign({ "Content-Type": "application/json", "X-CSRFToken": d.csrf }, headers),
      body: JSON.stringify(body),
    });
  }

  function finish() {
    if (finished) return;
    finished = true;
    show(d.msgExpired, "text-danger");
    submitForm.submit();
  }

  // Saves are idempotent (the server stores the answer, not a delta), so retrying is safe.
  function save(body, attempt) {
    attempt = attempt || 0;
    pending += 1;
    show(d.msgSaving);
    // The save token authorises the save on the server's short path (exams/middleware.py).
    post(d.answerUrl, body, { "X-Attempt-Token": d.saveToken })
      .then(function (response) {
        return response.json().then(function (data) {
          pending -= 1;
          if (response.ok) {
            show(d.msgSaved, "text-success");
          } else if (response.status === 409) {
            show(data.error, "text-danger");
            finish();
          } else {
            show(d.msgError + ": " + (data.error || response.status), "text-danger");
          }
        });
      })
      .catch(function () {
        pending -= 1;
        show(d.msgRetry, "text-warning");
        var wait = Math.min(10000, 500 * Math.pow(2, attempt));
        setTimeout(function () { save(body, attempt + 1); }, wait);
      });
  }

  function answerOf(item) {
    var qtype = item.dataset.qtype;
    if (qtype === "single") {
      var chosen = item.querySelector("input:checked");
      return chosen ? chosen.value : null;
    }
    if (qtype === "multiple") {
      return Array.prototype.map.call(item.querySelectorAll("input:checked"), function (el) {
        return el.value;
      });
    }
    if (qtype === "truefalse") {
      var tf = item.querySelector("input:checked");
      return tf ? tf.value === "true" : null;
    }
    if (qtype === "matching") {
      var map = {};
      item.querySelectorAll("select[data-left]").forEach(function (select) {
        if (select.value) map[select.dataset.left] = select.value;
      });
      return map;
    }
    return item.querySelector("input, textarea").value;
  }

  document.querySelectorAll(".exam-item").forEach(function (item) {
    var handler = function () {
      save({ position: parseInt(item.dataset.position, 10), answer: answerOf(item) });
    };
    item.addEventListener("change", handler);
    if (["short", "numerical", "essay"].indexOf(item.dataset.qtype) !== -1) {
      var timer = null;
      item.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(handler, 800);
      });
    }
  });

  var caseAnswer = document.getElementById("case-answer");
  if (caseAnswer) {
    var caseTimer = null;
    var saveCase = function () { save({ text: caseAnswer.value }); };
    caseAnswer.addEventListener("input", function () {
      clearTimeout(caseTimer);
      caseTimer = setTimeout(saveCase, 1500);
    });
    caseAnswer.addEventListener("blur", saveCase);
  }

  function tick() {
    var leftMs = deadline - (Date.now() + skew);
    var left = Math.max(0, Math.ceil(leftMs / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    countdown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (left <= 60) countdown.className = "badge text-bg-danger fs-6";
    if (leftMs <= 0 && !finished) {
      // Let a last save reach the server first; the server refuses anything late anyway.
      setTimeout(finish, pending ? 1500 : 0);
      return;
    }
    setTimeout(tick, Math.min(1000, Math.max(50, leftMs % 1000 || 1000)));
  }
  tick();

  // Proctoring: events go to the attempt log for the commission.
  function record(kind, details) {
    post(d.eventUrl, { kind: kind, details: details || "" }).catch(function () {});
  }
  document.addEventListener("visibilitychange", function () {
    record(document.hidden ? "tab_hidden" : "tab_visible");
  });
  document.addEventListener("fullscreenchange", function () {
    if (!document.fullscreenElement) record("fullscreen_exit");
  });
  document.addEventListener("paste", function (event) {
    var text = (event.clipboardData && event.clipboardData.getData("text")) || "";
    record("paste", text.length + " chars");
  });
  document.addEventListener("copy", function () { record("copy"); });
  window.addEventListener("blur", function () { record("blur"); });
  submitForm.addEventListener("submit", function () { finished = true; });
})();
