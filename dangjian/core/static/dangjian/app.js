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

  // Tables marked class="dj-cards" turn into one card per row on a phone (app.css). Each cell
  // needs its column's name to be read without the header row, so it is copied here from the
  // <th> into data-label rather than written out on every <td> of every template: the header
  // stays the one place a column is named, and a row a partial or htmx draws later is labelled
  // too (below). A <th data-label="…"> gives another label (data-label="" none, e.g. for 操作);
  // a cell of its own data-label keeps it; a cell marked data-card-title heads the card (else the
  // first labelled one does). Cells with nothing to read are marked so the card skips them.
  function cardify(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var tables = Array.prototype.slice.call(scope.querySelectorAll("table.dj-cards"));
    if (scope.matches && scope.matches("table.dj-cards")) tables.push(scope);
    var inTable = scope.closest && scope.closest("table.dj-cards");
    if (inTable && tables.indexOf(inTable) < 0) tables.push(inTable);
    tables.forEach(function (table) {
      var labels = [];
      var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      Array.prototype.forEach.call(head ? head.cells : [], function (th) {
        var text = th.hasAttribute("data-label") ? th.getAttribute("data-label") : th.textContent.replace(/\s+/g, " ").trim();
        for (var i = 0; i < th.colSpan; i += 1) labels.push(text);
      });
      var bodies = Array.prototype.slice.call(table.tBodies);
      if (table.tFoot) bodies.push(table.tFoot);
      bodies.forEach(function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            // a cell across several columns (a total, "no rows") belongs to none of them
            if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", cell.colSpan > 1 ? "" : labels[column] || "");
            column += cell.colSpan;
            var blank = !cell.textContent.trim() && !cell.querySelector("input, select, textarea, button, img, svg");
            cell.classList.toggle("dj-card-blank", blank);
          });
          // The card's heading: the cell marked data-card-title, else the first one with a label
          // and something in it (a tick box before the name is not a heading).
          var title = Array.prototype.filter.call(row.cells, function (cell) { return cell.hasAttribute("data-card-title"); })[0] ||
            Array.prototype.filter.call(row.cells, function (cell) {
              return cell.getAttribute("data-label") && !cell.classList.contains("dj-card-blank");
            })[0];
          if (title) title.classList.add("dj-card-title");
        });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { cardify(document); });
  } else {
    cardify(document);
  }
  // Rows drawn later (htmx swaps, scripts) are labelled as soon as they are in the page, before
  // they are painted: htmx's own settle event comes a moment after the new rows are shown.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      Array.prototype.forEach.call(record.addedNodes, function (node) {
        if (node.nodeType === 1) cardify(node);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  // Forms that ask for a confirmation carry data-confirm="…" (no inline onclick).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
