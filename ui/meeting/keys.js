// Möte: arrow keys and PageUp/PageDown (what presentation clickers send) press the page's own
// "Föregående"/"Nästa" buttons. Installed once per browser tab; does nothing on other pages or while
// the person types in a field.
(function () {
  if (window.kraftsamlaMeetingKeys) { return; }
  window.kraftsamlaMeetingKeys = true;
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
    if (tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable)) {
      return;
    }
    var forward = event.key === "ArrowRight" || event.key === "PageDown";
    var back = event.key === "ArrowLeft" || event.key === "PageUp";
    if (!forward && !back) { return; }
    var button = document.querySelector(forward ? ".st-key-meeting_next button" : ".st-key-meeting_prev button");
    if (!button) { return; }
    event.preventDefault();
    if (!button.disabled) { button.click(); }
  });
})();
