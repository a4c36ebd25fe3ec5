// The "Udskriv" button on the printable referral (no inline script: the CSP allows 'self' only).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
