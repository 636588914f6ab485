/* Word and character counts under the release's title, chapeau and text
   (fields marked data-counter); the title's limit is what search engines show. */
(function () {
  "use strict";

  function plain(field) {
    if (field.tagName !== "TEXTAREA" || !field.closest(".prose-editor")) return field.value;
    var holder = document.createElement("div");
    holder.innerHTML = field.value;
    return holder.textContent;
  }

  function describe(text, limit) {
    var characters = text.length;
    var words = text.trim() ? text.trim().split(/\s+/).length : 0;
    var sentence = characters + (characters > 1 ? " caractères, " : " caractère, ") +
      words + (words > 1 ? " mots" : " mot");
    if (limit && characters > limit) {
      return sentence + " : au-delà de " + limit +
        " caractères, les moteurs de recherche coupent le titre.";
    }
    if (limit) return sentence + " (les moteurs de recherche en affichent environ " + limit + ").";
    return sentence + ".";
  }

  function attach(field) {
    var limit = parseInt(field.dataset.counterLimit, 10) || 0;
    var counter = document.createElement("div");
    counter.className = "help text-counter";
    counter.id = field.id + "_counter";
    var anchor = field.closest(".prose-editor") || field;
    anchor.after(counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var text = plain(field);
      counter.textContent = describe(text.replace(/\s+/g, " "), limit);
      counter.classList.toggle("text-counter--over", Boolean(limit) && text.length > limit);
    }
    field.addEventListener("input", update);
    update();
  }

  function start() {
    document.querySelectorAll("[data-counter]").forEach(attach);
  }
  // The editor wraps its textarea when its module runs: count after it.
  window.addEventListener("load", start);
})();
