// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("submit", function (event) {
  // Guard against double submission: disable the submit button once sent.
  var form = event.target;
  if (form.dataset.submitted === "true") { event.preventDefault(); return; }
  form.dataset.submitted = "true";
  window.setTimeout(function () { form.dataset.submitted = "false"; }, 4000);
});
