// The version for visually impaired visitors, remembered per visitor in the browser
// (localStorage: anonymous pages set no cookie).
(function () {
  "use strict";
  var KEY = "academy.lowVision";
  var root = document.documentElement;
  function sync() {
    var on = root.classList.contains("low-vision");
    document.querySelectorAll("[data-low-vision-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? button.dataset.offLabel : button.dataset.onLabel;
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-low-vision-toggle]");
    if (!button) return;
    var on = root.classList.toggle("low-vision");
    try {
      if (on) localStorage.setItem(KEY, "1"); else localStorage.removeItem(KEY);
    } catch (e) { /* private mode: the version still applies on this page */ }
    sync();
  });
  document.addEventListener("DOMContentLoaded", sync);
})();
