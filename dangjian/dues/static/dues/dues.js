// Ledger: "select all" ticks every unpaid line of the page, and the bulk button says how many.
(function () {
  "use strict";
  function update(form) {
    var ticked = form.querySelectorAll("input[name=lines]:checked").length;
    var counter = document.getElementById("bulk-count");
    if (counter) { counter.textContent = String(ticked); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("bulk-pay");
    if (!form) { return; }
    var all = document.getElementById("tick-all");
    var boxes = function () {
      return document.querySelectorAll("input[name=lines][form=bulk-pay], #bulk-pay input[name=lines]");
    };
    if (all) {
      all.addEventListener("change", function () {
        boxes().forEach(function (box) { box.checked = all.checked; });
        update(document);
      });
    }
    document.addEventListener("change", function (event) {
      if (event.target && event.target.name === "lines") { update(document); }
    });
    // A double click must not send the form twice (the key would make it harmless anyway).
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
    });
    update(document);
  });
})();
