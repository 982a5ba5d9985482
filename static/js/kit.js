// The kit page's small helpers (the page works without them):
// - "updated 3 hours ago": the server writes absolute UTC times (a cached page never
//   states a stale age); this turns each <time data-relative> into a relative one in
//   the page's language, the exact time staying in the tooltip;
// - the copy-link button;
// - revealing the contact address: fetch a CSRF token, POST, show a mailto link.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";

  function relative(iso) {
    var seconds = (new Date(iso).getTime() - Date.now()) / 1000;
    var units = [["day", 86400], ["hour", 3600], ["minute", 60]];
    var format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(seconds) >= units[i][1]) {
        return format.format(Math.round(seconds / units[i][1]), units[i][0]);
      }
    }
    return format.format(0, "minute");
  }

  if (window.Intl && Intl.RelativeTimeFormat) {
    document.querySelectorAll("time[data-relative]").forEach(function (node) {
      node.title = node.textContent;
      node.textContent = relative(node.getAttribute("datetime"));
    });
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.querySelector(button.getAttribute("data-copy"));
      var done = function () {
        var label = button.textContent;
        button.textContent = button.getAttribute("data-copied");
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
      } else {
        field.select();
        document.execCommand("copy");
        done();
      }
    });
  });

  document.querySelectorAll("form[data-reveal]").forEach(function (form) {
    var url = form.getAttribute("data-reveal");
    var result = form.parentNode.querySelector(".reveal-result");
    form.addEventListener("submit", function (event) {
      if (!window.fetch) return;
      event.preventDefault();
      var json = { Accept: "application/json" };
      fetch(url, { headers: json, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var body = new URLSearchParams({ csrf_token: data.csrf_token });
          return fetch(url, {
            method: "POST", body: body, credentials: "same-origin",
            headers: { Accept: "application/json", "X-CSRFToken": data.csrf_token },
          });
        })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          var link = document.createElement("a");
          link.href = "mailto:" + data.email;
          link.textContent = data.email;
          result.textContent = "";
          result.appendChild(link);
          form.hidden = true;
        })
        .catch(function () { form.submit(); });
    });
  });
})();
