// Keeps an open kit page current: polls /@<handle>/version (handle and version are
// read from <body data-handle data-version>) about once a minute, backs off while the
// tab is hidden or the server fails, checks again when the tab comes back, and
// reloads the page when the kit's data_version has changed.
(function () {
  "use strict";
  var body = document.body;
  var handle = body.dataset.handle;
  var version = body.dataset.version;
  if (!handle || !version || !window.fetch) return;

  var EVERY_MS = 60000;
  var HIDDEN_MAX_MS = 15 * 60000;
  var url = "/@" + encodeURIComponent(handle) + "/version";
  var delay = EVERY_MS;
  var timer = null;

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(check, ms + Math.random() * 5000);  // spread many open tabs
  }

  function backOff() {
    delay = Math.min(delay * 2, HIDDEN_MAX_MS);
    schedule(delay);
  }

  function check() {
    fetch(url, { cache: "no-store", credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (String(data.data_version) !== version) {
          window.location.reload();
        } else if (document.hidden) {
          backOff();
        } else {
          delay = EVERY_MS;
          schedule(delay);
        }
      })
      .catch(backOff);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && delay > EVERY_MS) {
      delay = EVERY_MS;
      clearTimeout(timer);
      check();
    }
  });
  schedule(delay);
})();
