/* Member pages. A file, because the CSP forbids inline scripts. */
(function () {
  "use strict";

  // 登记变更事项: show only the fields the chosen kind needs (each optional field carries the
  // kinds that use it in data-event-kinds). Without this script every field simply shows.
  function syncEventFields(form) {
    var select = form.querySelector('select[name="event-kind"]');
    if (!select) return;
    var kind = select.value;
    form.querySelectorAll("[data-event-kinds]").forEach(function (field) {
      var wrapper = field.closest(".mb-3") || field;
      var kinds = (field.dataset.eventKinds || "").split(" ");
      var keep = kind && kinds.indexOf(kind) !== -1;
      // A field with an error stays visible whatever the kind, so the message is never hidden.
      var hasError = wrapper.querySelector(".invalid-feedback");
      wrapper.hidden = !keep && !hasError;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.event-form").forEach(syncEventFields);
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches('select[name="event-kind"]')) syncEventFields(event.target.form);
  });

  // 组织关系转出: picking a looked-up organization fills in its code.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".org-pick");
    if (!button) return;
    var input = document.querySelector('input[name="to_org_code"]');
    if (!input) return;
    input.value = button.dataset.code;
    var note = document.getElementById("org-picked");
    if (!note) {
      note = document.createElement("div");
      note.id = "org-picked";
      note.className = "form-text org-picked";
      input.insertAdjacentElement("afterend", note);
    }
    note.textContent = "已选择：" + button.dataset.name + "（" + button.dataset.code + "）";
    var results = document.getElementById("org-lookup-results");
    if (results) results.textContent = "";
    input.focus();
  });
})();
