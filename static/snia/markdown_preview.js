/* « Aperçu » of the admin's Markdown fields (adminsite.markdown): posts the
   field's text with the form's CSRF token to the preview URL and shows the
   answer, HTML the server rendered and sanitised as the bilan does (nh3).
   Without this script the button stays hidden and the form works as usual. */
"use strict";

(function () {
  function setUp(button) {
    const field = document.getElementById(button.dataset.previewFor);
    const output = document.getElementById(button.dataset.previewOutput);
    if (!field || !output || !field.form) {
      return;
    }
    button.hidden = false;
    button.setAttribute("aria-controls", output.id);
    button.addEventListener("click", async function () {
      const token = field.form.querySelector("input[name=csrfmiddlewaretoken]");
      output.hidden = false;
      output.textContent = button.dataset.busy;
      try {
        const response = await fetch(button.dataset.previewUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": token ? token.value : "" },
          body: new URLSearchParams({ text: field.value }),
        });
        const type = response.headers.get("Content-Type") || "";
        const body = await response.text();
        if (response.redirected) {
          // The session expired: the answer is the login page, not a preview.
          output.textContent = button.dataset.loggedOut;
        } else if (response.ok && type.startsWith("text/html")) {
          output.innerHTML = body.trim() ? body : "";
          if (!body.trim()) {
            output.textContent = button.dataset.empty;
          }
        } else if (type.startsWith("text/plain")) {
          output.textContent = body; // the server's French message
        } else {
          output.textContent = button.dataset.failed;
        }
      } catch (error) {
        output.textContent = button.dataset.failed;
      }
    });
  }

  function start() {
    document.querySelectorAll("button.snia-preview-button").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
