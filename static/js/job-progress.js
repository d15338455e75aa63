// The ingest job page: follow the job's progress from its JSON endpoint, without
// reloading, and reload once it is finished so the summary and warnings appear.
(function () {
  "use strict";
  var POLL_MS = 1000;

  function start() {
    var job = document.querySelector("[data-progress-url]");
    if (!job || job.dataset.finished === "true") {
      return;
    }
    var bar = document.getElementById("job-progress");
    var state = document.getElementById("job-state");

    function poll() {
      fetch(job.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("progress: HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (progress) {
          bar.value = progress.percent;
          state.textContent = progress.label;
          state.dataset.state = progress.state;
          if (progress.finished) {
            window.location.reload();
          } else {
            window.setTimeout(poll, POLL_MS);
          }
        })
        .catch(function () {
          window.setTimeout(poll, POLL_MS * 5); // a network hiccup: try again later
        });
    }
    window.setTimeout(poll, POLL_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
