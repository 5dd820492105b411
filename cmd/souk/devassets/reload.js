// souk dev's live reload: served only by `souk dev`, which adds this
// script to the pages of its local node. A new build reloads the page; a
// build error is shown at the top of it until the next good build.
(() => {
  "use strict";
  const events = new EventSource("/_dev/events");
  let version = null;
  events.addEventListener("hello", (e) => {
    if (version !== null && e.data !== version) window.location.reload(); // missed while reconnecting
    version = e.data;
  });
  events.addEventListener("reload", () => window.location.reload());
  events.addEventListener("build-error", (e) => {
    let box = document.getElementById("souk-dev-error");
    if (!box) {
      box = document.createElement("pre");
      box.id = "souk-dev-error";
      box.setAttribute("role", "alert");
      box.className = "alert alert-error"; // the site's own styles: no style attribute
      document.body.prepend(box);
    }
    box.textContent = "souk dev: the build failed (the previous build is still running)\n\n" + e.data;
  });
})();
