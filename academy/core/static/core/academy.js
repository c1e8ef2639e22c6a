/* Tables scroll inside their own box on narrow screens, so no page scrolls sideways.
   Every table of the main content is wrapped once (also after htmx swaps); a wrapper that
   really scrolls joins the tab order, so keyboard users can scroll it too. */
(function () {
  "use strict";
  function wrapTables(root) {
    (root || document).querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (!parent.classList.contains("table-responsive")) {
        var wrapper = document.createElement("div");
        wrapper.className = "table-responsive";
        parent.insertBefore(wrapper, table);
        wrapper.appendChild(table);
        parent = wrapper;
      }
      if (parent.scrollWidth > parent.clientWidth && !parent.hasAttribute("tabindex")) {
        parent.setAttribute("tabindex", "0");
        var caption = table.querySelector("caption");
        var heading = caption ? caption.textContent : document.title;
        parent.setAttribute("role", "region");
        parent.setAttribute("aria-label", heading.trim());
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wrapTables(document); });
  document.addEventListener("htmx:afterSwap", function (event) { wrapTables(event.target); });
})();
