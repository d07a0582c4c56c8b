/* The meeting form's attendance marks. The table is redrawn by htmx whenever the kind, date or
   group changes; a redraw must never discard a mark the user made. Every mark is kept here and in
   the hidden field "marks" (sent with each redraw, so the server draws the marks and names the
   marked members who dropped out of the expected list), and laid again on the new table: a mark
   made while a redraw was on its way would otherwise be drawn over by the answer. */
(function () {
  "use strict";

  var marks = {};
  var edits = 0;      // marks made so far
  var editsSent = 0;  // of which the last redraw asked for carried

  function store() { return document.getElementById("attendance-marks"); }
  function box() { return document.getElementById("attendance-box"); }
  function rowsOf(table) { return table ? table.querySelectorAll("tr[data-member]") : []; }

  function remember(row) {
    marks[row.dataset.member] = {
      value: row.querySelector("select").value,
      note: row.querySelector("input").value,
      name: row.dataset.name
    };
    store().value = JSON.stringify(marks);
  }

  // The marks of the table as first drawn: an edited record's attendance, a refused form's input.
  function seed() {
    var field = store();
    if (!field) return;
    try { marks = JSON.parse(field.value || "{}") || {}; } catch (e) { marks = {}; }
    rowsOf(document.getElementById("attendance")).forEach(function (row) {
      if (!marks[row.dataset.member]) remember(row);
    });
    field.value = JSON.stringify(marks);
  }

  function layMarks(table) {
    rowsOf(table).forEach(function (row) {
      var mark = marks[row.dataset.member];
      if (!mark) return;
      row.querySelector("select").value = mark.value;
      row.querySelector("input").value = mark.note;
    });
  }

  function onEdit(event) {
    var row = event.target.closest && event.target.closest("#attendance tr[data-member]");
    if (!row) return;
    remember(row);
    edits += 1;
  }

  document.addEventListener("change", onEdit);
  document.addEventListener("input", onEdit);

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt === box()) editsSent = edits;
  });

  // Settled on the new table itself (an outerHTML swap settles the elements it brought in).
  document.addEventListener("htmx:afterSettle", function (event) {
    var table = document.getElementById("attendance");
    if (!table || !(event.target === table || event.target.contains(table))) return;
    layMarks(table);
    // A mark made while the request was on its way is laid above; ask again so that the
    // server's list of marked members outside the expected list counts it too.
    if (editsSent !== edits) {
      editsSent = edits;
      window.htmx.trigger(box(), "attendance-refresh");
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", seed);
  } else {
    seed();
  }
})();
