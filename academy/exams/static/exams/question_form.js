// The single-question form works without this script: every answer section is shown
// and each has a few empty rows. With it, only the section of the chosen type is shown
// and "Add a row" appends an empty row of the section's formset.
(function () {
  "use strict";
  var form = document.querySelector("[data-question-form]");
  if (!form) {
    return;
  }
  var qtype = form.querySelector("select[name='qtype']");

  function showSectionsFor(value) {
    form.querySelectorAll("[data-qtypes]").forEach(function (section) {
      section.hidden = section.dataset.qtypes.split(" ").indexOf(value) === -1;
    });
  }

  if (qtype) {
    showSectionsFor(qtype.value);
    qtype.addEventListener("change", function () {
      showSectionsFor(qtype.value);
    });
  }

  form.querySelectorAll("[data-rows]").forEach(function (section) {
    var prefix = section.dataset.rows;
    var total = section.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = section.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    var body = section.querySelector("[data-rows-body]");
    var template = section.querySelector("template[data-empty-row]");
    var button = section.querySelector("[data-add-row]");
    if (!total || !body || !template || !button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) {
        return;
      }
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var row = body.lastElementChild;
      var number = row.querySelector("[data-row-number]");
      if (number) {
        number.textContent = String(index + 1);
      }
      var first = row.querySelector("input:not([type='hidden'])");
      if (first) {
        first.focus();
      }
    });
  });
})();
