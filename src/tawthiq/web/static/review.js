// Keyboard shortcuts on the review page: S same, D different, U unsure (not while typing a note).
document.addEventListener("keydown", function (event) {
  if (event.target.tagName === "INPUT" || event.ctrlKey || event.metaKey || event.altKey) return;
  var button = document.querySelector('#decide button[data-key="' + event.key.toLowerCase() + '"]');
  if (button) { event.preventDefault(); button.click(); }
});
