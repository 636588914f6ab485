/* Names for the admin's third-party widgets, from the labels the form already has
   (RGAA 11.1, 11.2): the Select2 boxes of autocomplete fields, the editor's area, the
   cells of tabular inlines; and the editor's toolbar in French.
   Widgets appear after this script (Select2 at DOMContentLoaded, inline rows later):
   every new one is named as it comes. */
(function () {
  "use strict";

  function labelFor(id) {
    var label = id && document.querySelector('label[for="' + id + '"]');
    if (label && !label.id) label.id = id + "-label";
    return label;
  }

  function nameSelect2(select) {
    var container = select.nextElementSibling;
    var label = labelFor(select.id);
    if (!label || !container || !container.classList.contains("select2")) return;
    var selection = container.querySelector(".select2-selection");
    if (selection) {
      var rendered = selection.querySelector(".select2-selection__rendered");
      var ids = [label.id];
      if (rendered && rendered.id && !select.multiple) {
        ids.push(rendered.id);
        // The current choice, read as « Image : Vue de la foire ».
        rendered.setAttribute("aria-labelledby", label.id + " " + rendered.id);
      }
      selection.setAttribute("aria-labelledby", ids.join(" "));
      // Select2 puts its « clear all » cross inside the list of choices, where only
      // list items belong: it moves just before the list (its handler stays on the box).
      if (rendered && rendered.tagName === "UL") {
        rendered.querySelectorAll(":scope > .select2-selection__clear").forEach(function (cross) {
          rendered.before(cross);
        });
      }
    }
    container.querySelectorAll(".select2-search__field").forEach(function (field) {
      field.setAttribute("aria-label", label.textContent.trim().replace(/\s*:$/, ""));
    });
  }

  function nameEditor(wrapper) {
    var textarea = wrapper.querySelector("textarea");
    var area = wrapper.querySelector('[contenteditable="true"]');
    var label = textarea && labelFor(textarea.id);
    if (!area || !label) return;
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-labelledby", label.id);
    area.setAttribute("lang", "fr");
    area.setAttribute("spellcheck", "true");
    if (textarea.getAttribute("aria-describedby")) {
      area.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    }
  }

  function nameTabularInputs(table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr.form-row").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (!headers[index]) return;
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
          var labelled = field.labels && field.labels.length;
          if (!labelled && !field.hasAttribute("aria-label")) {
            field.setAttribute("aria-label", headers[index]);
          }
        });
      });
    });
  }

  // django-prose-editor writes its toolbar in English, outside gettext.
  var EDITOR_FRENCH = {
    "paragraph": "Paragraphe",
    "Paragraph": "Paragraphe",
    "unordered list": "Liste à puces",
    "ordered list": "Liste numérotée",
    "List properties": "Propriétés de la liste",
    "blockquote": "Citation",
    "bold": "Gras",
    "italic": "Italique",
    "insert link": "Insérer un lien",
    "remove link": "Retirer le lien",
    "undo": "Annuler",
    "redo": "Rétablir",
    "Toggle fullscreen": "Plein écran"
  };

  function french(text) {
    var heading = /^heading (\d)$/i.exec(text);
    if (heading) return "Titre " + heading[1];
    return EDITOR_FRENCH[text];
  }

  function translateEditor(menubar) {
    menubar.querySelectorAll("[title], [aria-label]").forEach(function (element) {
      ["title", "aria-label"].forEach(function (attribute) {
        var translated = french(element.getAttribute(attribute) || "");
        if (translated) element.setAttribute(attribute, translated);
      });
    });
    menubar.querySelectorAll(".prose-menubar__option > *").forEach(function (option) {
      var translated = french(option.textContent.trim());
      if (translated) option.textContent = translated;
    });
  }

  // A stacked inline row's heading: « Axe n° 1 », not Django's « Axe: #1 ».
  function frenchInlineHeading(heading) {
    var name = heading.querySelector("b");
    var label = heading.querySelector(".inline_label");
    if (name) name.textContent = name.textContent.replace(/\s*:\s*$/, "");
    if (label && label.firstChild && label.firstChild.nodeType === Node.TEXT_NODE) {
      label.firstChild.textContent = label.firstChild.textContent.replace(/^#(\d+)/, "n° $1");
    }
  }

  function nameAll() {
    document.querySelectorAll(".inline-related:not(.empty-form) > h3").forEach(frenchInlineHeading);
    document.querySelectorAll(".prose-menubar").forEach(translateEditor);
    document.querySelectorAll(".inline-group .tabular table").forEach(nameTabularInputs);
    document.querySelectorAll("select.admin-autocomplete").forEach(nameSelect2);
    document.querySelectorAll(".prose-editor").forEach(nameEditor);
  }

  var pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; nameAll(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    soon();
    var main = document.getElementById("content-main") || document.body;
    new MutationObserver(soon).observe(main, { childList: true, subtree: true });
  });
  window.addEventListener("load", soon);
})();
