/* The release's previews (search result, social card) follow the title, the chapeau
   and the address as they are typed. */
(function () {
  "use strict";
  var previews = document.querySelector(".release-previews");
  if (!previews) return;
  var titleLength = parseInt(previews.dataset.searchTitleLength, 10);
  var descriptionLength = parseInt(previews.dataset.descriptionLength, 10);

  function cut(text, length) {
    text = text.trim().replace(/\s+/g, " ");
    return text.length > length ? text.slice(0, length - 1) + "…" : text;
  }

  function show(name, text) {
    previews.querySelectorAll('[data-preview="' + name + '"]').forEach(function (element) {
      element.textContent = text;
    });
  }

  function update() {
    var title = document.getElementById("id_title");
    var lede = document.getElementById("id_lede");
    var slug = document.getElementById("id_slug");
    if (title) {
      show("search-title", cut(title.value, titleLength));
      show("social-title", cut(title.value, 300));
    }
    if (lede) {
      show("search-description", cut(lede.value, descriptionLength));
      show("social-description", cut(lede.value, 200));
    }
    var url = previews.querySelector('[data-preview="url"]');
    if (slug && url && slug.value) {
      url.textContent = url.textContent.replace(/[^/]*\/?$/, slug.value + "/");
    }
  }

  ["id_title", "id_lede", "id_slug"].forEach(function (id) {
    var field = document.getElementById(id);
    if (field) field.addEventListener("input", update);
  });
})();
