/* Behaviour of the shell. Loaded as a file because the CSP forbids inline scripts. */
(function () {
  "use strict";

  // Tree browser: the first click on a node loads its children through htmx (hx-trigger
  // "click once"); later clicks only fold and unfold what is already there.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".tree-toggle");
    if (!button || button.dataset.loaded !== "true") return;
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (!target) return;
    var open = button.getAttribute("aria-expanded") === "true";
    target.hidden = open;
    button.setAttribute("aria-expanded", open ? "false" : "true");
    button.textContent = open ? "+" : "−";
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.classList.contains("tree-children")) return;
    var button = document.querySelector('.tree-toggle[aria-controls="' + target.id + '"]');
    if (!button) return;
    button.dataset.loaded = "true";
    target.hidden = false;
    button.setAttribute("aria-expanded", "true");
    button.textContent = "−";
  });

  document.addEventListener("htmx:responseError", function (event) {
    var target = event.detail.target;
    if (target && target.classList.contains("tree-children")) {
      target.hidden = false;
      target.textContent = "加载失败，请刷新页面后重试。";
    }
  });

  // Forms that ask for a confirmation carry data-confirm="…" (no inline onclick).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
