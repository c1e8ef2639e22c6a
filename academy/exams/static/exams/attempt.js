// Exam attempt page: countdown, autosave of every answer, proctoring events (TR-19, TR-21).
// The server owns the deadline; this script only shows it and submits when it passes.
// Texts come translated from data- attributes of #exam-attempt.
//
// No given answer is lost (issue 10): every save carries the item's sequence (one more
// than the last, per item), so the server stores only the newest and acknowledges an
// older retry as superseded. A save waits in localStorage (key: attempt + item) until
// the server has acknowledged it, so a reload or a crash during an outage keeps it; the
// page shows how many wait and sends them in the order they were given, backing off
// exponentially with jitter (and as Retry-After says) while the server cannot store them.
(function () {
  "use strict";
  var root = document.getElementById("exam-attempt");
  if (!root) return;
  var d = root.dataset;
  var status = document.getElementById("save-status");
  var countdown = document.getElementById("countdown");
  var submitForm = document.getElementById("submit-form");
  var unsavedBadge = document.getElementById("unsaved");
  var unsavedCount = document.getElementById("unsaved-count");
  var skew = Date.parse(d.now) - Date.now(); // server clock minus browser clock
  var deadline = Date.parse(d.deadline);
  var finished = false;
  var prefix = "exam-save:" + d.attempt + ":";

  // ---------------------------------------------------------------- storage ----
  // localStorage if the browser gives it (private windows may not): else memory only.
  var memory = {};
  var store = {
    get: function (key) {
      try { return window.localStorage.getItem(key); } catch (e) { return memory[key] || null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(key, value); } catch (e) { memory[key] = value; }
    },
    remove: function (key) {
      try { window.localStorage.removeItem(key); } catch (e) { /* memory only */ }
      delete memory[key];
    },
    keys: function () {
      var found = Object.keys(memory);
      try {
        for (var i = 0; i < window.localStorage.length; i++) found.push(window.localStorage.key(i));
      } catch (e) { /* memory only */ }
      return found;
    },
  };

  function readJSON(key) {
    try { return JSON.parse(store.get(key) || "null"); } catch (e) { return null; }
  }

  // Pending saves: one per item ("pending:<position>" or "pending:text"), the newest.
  function pendingKey(item) { return prefix + "pending:" + item; }
  function pendingAll() {
    var list = [];
    store.keys().forEach(function (key) {
      if (key && key.indexOf(prefix + "pending:") === 0) {
        var entry = readJSON(key);
        if (entry && entry.body) list.push(entry);
      }
    });
    list.sort(function (a, b) { return a.order - b.order; }); // in the order given
    return list;
  }

  // The item's sequence: above what the server holds (the page's data-seq) and above
  // anything this browser has sent before (kept across reloads).
  function nextSeq(item, fromPage) {
    var key = prefix + "seq:" + item;
    var last = Math.max(parseInt(store.get(key) || "0", 10) || 0, fromPage || 0);
    var seq = last + 1;
    store.set(key, String(seq));
    return seq;
  }

  function nextOrder() {
    var key = prefix + "order";
    var order = (parseInt(store.get(key) || "0", 10) || 0) + 1;
    store.set(key, String(order));
    return order;
  }

  // ------------------------------------------------------------------ status ----
  function show(text, cls) {
    status.textContent = text;
    status.className = "ms-2 small " + (cls || "text-muted");
  }

  function showUnsaved() {
    var count = pendingAll().length;
    unsavedCount.textContent = String(count);
    unsavedBadge.hidden = count === 0;
    return count;
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

  // ------------------------------------------------------------------- saving ----
  var sending = false;
  var failures = 0;
  var retryTimer = null;
  var stopped = false; // the session has ended: keep everything, send after a new login

  function queue(item, body, fromPage) {
    body.seq = nextSeq(item, fromPage);
    store.set(pendingKey(item), JSON.stringify({ item: item, body: body, order: nextOrder() }));
    showUnsaved();
    flush();
  }

  function acknowledged(entry) {
    // Drop the entry only if no newer answer of the item was given meanwhile.
    var current = readJSON(pendingKey(entry.item));
    if (current && current.body.seq === entry.body.seq) store.remove(pendingKey(entry.item));
  }

  function backoff(retryAfterSeconds) {
    failures += 1;
    // Exponential, capped at 30 s, with full jitter in its upper half: 500 listeners
    // reconnecting at once do not all come back in the same second.
    var ceiling = Math.min(30000, 1000 * Math.pow(2, failures - 1));
    var wait = ceiling / 2 + Math.random() * ceiling / 2;
    if (retryAfterSeconds) wait = Math.max(wait, retryAfterSeconds * 1000 * (1 + Math.random() / 2));
    show(d.msgWaiting.replace("{seconds}", String(Math.ceil(wait / 1000))), "text-warning");
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, wait);
  }

  function flush() {
    if (sending || retryTimer || stopped || finished) return;
    var entries = pendingAll();
    if (!entries.length) return;
    var entry = entries[0];
    sending = true;
    show(d.msgSaving);
    // The save token authorises the save on the server's short path (exams/middleware.py).
    post(d.answerUrl, entry.body, { "X-Attempt-Token": d.saveToken })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          sending = false;
          if (response.ok) {
            failures = 0;
            acknowledged(entry); // stored, or superseded by a newer answer: done either way
            if (!showUnsaved()) show(d.msgSaved, "text-success");
            flush();
          } else if (response.status === 409) {
            acknowledged(entry);
            showUnsaved();
            show(data.error || d.msgError, "text-danger");
            finish();
          } else if (response.status === 400 || response.status === 404) {
            // The server can never store this one: say so and go on with the rest.
            acknowledged(entry);
            showUnsaved();
            show(d.msgError + ": " + (data.error || response.status), "text-danger");
            flush();
          } else if (response.status === 403) {
            stopped = true;
            show(d.msgSession, "text-danger");
          } else {
            backoff(parseInt(response.headers.get("Retry-After") || "0", 10));
          }
        });
      })
      .catch(function () {
        sending = false;
        backoff(0);
      });
  }

  window.addEventListener("online", function () {
    failures = 0;
    clearTimeout(retryTimer);
    retryTimer = null;
    flush();
  });

  // ---------------------------------------------------------------- answers ----
  function answerOf(item) {
    var qtype = item.dataset.qtype;
    if (qtype === "single") {
      var chosen = item.querySelector("input[name]:checked");
      return chosen ? chosen.value : null;
    }
    if (qtype === "multiple") {
      return Array.prototype.map.call(item.querySelectorAll("input[name]:checked"), function (el) {
        return el.value;
      });
    }
    if (qtype === "truefalse") {
      var tf = item.querySelector("input[name]:checked");
      return tf ? tf.value === "true" : null;
    }
    if (qtype === "matching") {
      var map = {};
      item.querySelectorAll("select[data-left]").forEach(function (select) {
        if (select.value) map[select.dataset.left] = select.value;
      });
      return map;
    }
    return item.querySelector("input[name], textarea[name]").value;
  }

  // A pending answer from before a reload is shown again: it is the listener's latest.
  function restore(item, answer) {
    var qtype = item.dataset.qtype;
    if (qtype === "single" || qtype === "multiple" || qtype === "truefalse") {
      var wanted = [].concat(answer === null ? [] : answer).map(String);
      item.querySelectorAll("input[name]").forEach(function (el) {
        el.checked = wanted.indexOf(el.value) !== -1;
      });
    } else if (qtype === "matching") {
      item.querySelectorAll("select[data-left]").forEach(function (select) {
        select.value = (answer || {})[select.dataset.left] || "";
      });
    } else {
      item.querySelector("input[name], textarea[name]").value = answer || "";
    }
  }

  function isAnswered(answer) {
    if (answer === null || answer === undefined || answer === "") return false;
    if (Array.isArray(answer)) return answer.length > 0;
    if (typeof answer === "object") return Object.keys(answer).length > 0;
    return true;
  }

  var items = Array.prototype.slice.call(document.querySelectorAll(".exam-item"));
  var flagsKey = prefix + "flags";
  var flags = readJSON(flagsKey) || {};

  function refreshNavigator() {
    var answered = 0;
    items.forEach(function (item) {
      var position = item.dataset.position;
      var done = isAnswered(answerOf(item));
      if (done) answered += 1;
      var link = document.querySelector('.nav-item-link[data-position="' + position + '"]');
      if (link) {
        link.className = "btn btn-sm nav-item-link " +
          (flags[position] ? "btn-warning" : done ? "btn-success" : "btn-outline-secondary");
        link.dataset.state = flags[position] ? "flagged" : done ? "answered" : "unanswered";
      }
    });
    var counter = document.getElementById("answered-count");
    if (counter) {
      counter.textContent = d.msgAnswered
        .replace("{answered}", String(answered))
        .replace("{total}", String(items.length));
    }
    return answered;
  }

  var pendingAtLoad = {};
  pendingAll().forEach(function (entry) { pendingAtLoad[entry.item] = entry; });

  items.forEach(function (item) {
    var position = item.dataset.position;
    var fromPage = parseInt(item.dataset.seq || "0", 10);
    var waiting = pendingAtLoad[position];
    if (waiting && waiting.body.seq > fromPage) restore(item, waiting.body.answer);
    var handler = function () {
      queue(position, { position: parseInt(position, 10), answer: answerOf(item) }, fromPage);
      refreshNavigator();
    };
    item.addEventListener("change", function (event) {
      if (event.target.classList.contains("flag-item")) return;
      handler();
    });
    if (["short", "numerical", "essay"].indexOf(item.dataset.qtype) !== -1) {
      var timer = null;
      item.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(handler, 800);
      });
    }
    var flag = item.querySelector(".flag-item");
    if (flag) {
      flag.checked = !!flags[position];
      flag.addEventListener("change", function () {
        if (flag.checked) flags[position] = true; else delete flags[position];
        store.set(flagsKey, JSON.stringify(flags));
        refreshNavigator();
      });
    }
  });
  refreshNavigator();

  var caseAnswer = document.getElementById("case-answer");
  if (caseAnswer) {
    var textSeq = parseInt(d.textSeq || "0", 10);
    var waitingText = pendingAtLoad.text;
    if (waitingText && waitingText.body.seq > textSeq) caseAnswer.value = waitingText.body.text;
    var caseTimer = null;
    var lastSent = caseAnswer.value;
    var saveCase = function () {
      if (caseAnswer.value === lastSent) return;
      lastSent = caseAnswer.value;
      queue("text", { text: caseAnswer.value }, textSeq);
    };
    caseAnswer.addEventListener("input", function () {
      clearTimeout(caseTimer);
      caseTimer = setTimeout(saveCase, 1500);
    });
    caseAnswer.addEventListener("blur", saveCase);
  }

  showUnsaved();
  flush(); // what waited from before a reload goes first

  // ------------------------------------------------------------------ review ----
  var review = document.getElementById("review");
  function openReview() {
    var summary = document.getElementById("review-summary");
    var lists = document.getElementById("review-lists");
    var warning = document.getElementById("review-warning");
    lists.textContent = "";
    var warnings = [];
    if (items.length) {
      summary.textContent = d.msgAnswered
        .replace("{answered}", String(refreshNavigator()))
        .replace("{total}", String(items.length));
      var missing = items.filter(function (item) { return !isAnswered(answerOf(item)); })
        .map(function (item) { return item.dataset.position; });
      var flagged = Object.keys(flags).sort(function (a, b) { return a - b; });
      [[d.msgUnansweredList, missing], [d.msgFlaggedList, flagged]].forEach(function (pair) {
        var li = document.createElement("li");
        li.textContent = pair[0] + ": " + (pair[1].length ? pair[1].join(", ") : d.msgNone);
        lists.appendChild(li);
      });
    } else {
      summary.textContent = "";
    }
    if (caseAnswer && !caseAnswer.value.trim()) warnings.push(d.msgEmptyCase);
    var unsaved = showUnsaved();
    if (unsaved) warnings.push(d.msgUnsavedWarning.replace("{count}", String(unsaved)));
    warning.textContent = warnings.join(" ");
    warning.hidden = !warnings.length;
    review.hidden = false;
    review.scrollIntoView();
  }
  document.getElementById("review-open").addEventListener("click", function () {
    if (caseAnswer) {
      clearTimeout(caseTimer);
      saveCase();
    }
    openReview();
  });
  document.getElementById("review-back").addEventListener("click", function () {
    review.hidden = true;
  });

  function tick() {
    var leftMs = deadline - (Date.now() + skew);
    var left = Math.max(0, Math.ceil(leftMs / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    countdown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (left <= 60) countdown.className = "badge text-bg-danger fs-6";
    if (leftMs <= 0 && !finished) {
      // Let a last save reach the server first; the server refuses anything late anyway.
      setTimeout(finish, sending || pendingAll().length ? 1500 : 0);
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
