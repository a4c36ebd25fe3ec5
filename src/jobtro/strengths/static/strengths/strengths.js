// Copy or share a link the citizen passes on themselves; the page works without it.
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.share) { return; }
  document.querySelectorAll("[data-share]").forEach(function (b) { b.hidden = false; });
});
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy-target]");
  if (!button) { return; }
  var field = document.getElementById(button.dataset.copyTarget);
  var status = document.getElementById(button.dataset.copyStatus);
  if (!field) { return; }
  if (button.dataset.share === "true" && navigator.share) {
    navigator.share({ text: field.value }).catch(function () {});
    return;
  }
  field.select();
  var done = function () { if (status) { status.textContent = button.dataset.copied; } };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(field.value).then(done, function () {});
  } else {
    document.execCommand("copy");
    done();
  }
});
