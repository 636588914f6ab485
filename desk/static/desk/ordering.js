/* Inline rows put in order by hand: dragged with the mouse, or moved with the
   « Monter » / « Descendre » buttons from the keyboard, instead of typing numbers in
   « Ordre ». The order fields stay in the form, hidden, and are numbered after the
   rows' places when anything moves and when the form is sent. */
(function () {
  "use strict";

  var ROWS = ":scope > .inline-related:not(.empty-form), :scope tbody > tr.form-row:not(.empty-form)";

  function orderInput(row) {
    return row.querySelector('input[name$="-order"]:not([name*="__prefix__"])');
  }

  function rowsOf(group) {
    var holder = group.querySelector("fieldset.module") || group;
    var rows = holder.querySelectorAll(ROWS);
    if (!rows.length) rows = group.querySelectorAll(".inline-related:not(.empty-form)");
    return Array.prototype.filter.call(rows, orderInput);
  }

  // A row added and left blank stays blank: numbering it would make Django validate it.
  function hasContent(row) {
    var key = row.querySelector('input[name$="-id"]');
    if (key && key.value) return true;
    return Array.prototype.some.call(
      row.querySelectorAll("input, select, textarea"),
      function (field) {
        if (field === orderInput(row) || field.type === "hidden" || field.type === "checkbox") {
          return false;
        }
        return field.value !== "";
      }
    );
  }

  function renumber(group) {
    var place = 0;
    rowsOf(group).forEach(function (row) {
      if (hasContent(row)) orderInput(row).value = ++place;
    });
  }

  function announce(group, message) {
    var status = group.querySelector(".inline-order-status");
    if (status) status.textContent = message;
  }

  function move(group, row, step, button) {
    var rows = rowsOf(group);
    var index = rows.indexOf(row);
    var target = rows[index + step];
    if (!target) return;
    if (step < 0) target.before(row); else target.after(row);
    renumber(group);
    var place = rowsOf(group).indexOf(row) + 1;
    announce(group, "Ligne déplacée en position " + place + " sur " + rows.length + ".");
    button.focus();
  }

  function buttonsFor(group, row) {
    if (row.querySelector(".inline-order-buttons")) return;
    var holder = document.createElement("span");
    holder.className = "inline-order-buttons";
    [["Monter", -1], ["Descendre", 1]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button inline-order-button";
      button.textContent = pair[0];
      button.addEventListener("click", function () { move(group, row, pair[1], button); });
      holder.appendChild(button);
    });
    var cell = row.querySelector("td.original, h3") || row.firstElementChild;
    cell.appendChild(holder);
    row.draggable = true;
    row.classList.add("inline-order-row");
  }

  function hideOrderField(group) {
    group.querySelectorAll(".field-order, th.column-order").forEach(function (element) {
      element.classList.add("inline-order-hidden");
    });
  }

  function enhance(group) {
    if (!rowsOf(group).length && !group.querySelector('[name$="-order"]')) return;
    hideOrderField(group);
    if (!group.querySelector(".inline-order-status")) {
      var status = document.createElement("p");
      status.className = "inline-order-status visually-hidden";
      status.setAttribute("role", "status");
      group.appendChild(status);
      group.addEventListener("dragstart", function (event) {
        var row = event.target.closest && event.target.closest(".inline-order-row");
        if (!row) return;
        group.dragged = row;
        event.dataTransfer.effectAllowed = "move";
      });
      group.addEventListener("dragover", function (event) {
        var row = event.target.closest && event.target.closest(".inline-order-row");
        if (!row || !group.dragged || row === group.dragged) return;
        event.preventDefault();
        var box = row.getBoundingClientRect();
        if (event.clientY < box.top + box.height / 2) row.before(group.dragged);
        else row.after(group.dragged);
      });
      group.addEventListener("drop", function (event) {
        event.preventDefault();
        renumber(group);
        group.dragged = null;
      });
      var form = group.closest("form");
      if (form) form.addEventListener("submit", function () { renumber(group); });
    }
    rowsOf(group).forEach(function (row) { buttonsFor(group, row); });
  }

  function enhanceAll() {
    document.querySelectorAll(".inline-group").forEach(function (group) {
      if (group.querySelector('[name$="-order"]')) enhance(group);
    });
  }

  document.addEventListener("DOMContentLoaded", enhanceAll);
  document.addEventListener("formset:added", enhanceAll);
})();
