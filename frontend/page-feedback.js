// "Is there anything wrong with this page?" for a Local Offer website.
// Embed with: <script src="https://YOUR-SAID-AND-DONE/static/dist/page-feedback.js"
//                     data-area="AREA-SLUG" defer></script>
// It adds a small framed form below the script tag, telling it the address of the page.
(function () {
  var script = document.currentScript;
  if (!script) return;
  var area = script.getAttribute("data-area");
  var origin = new URL(script.src).origin;
  var frame = document.createElement("iframe");
  frame.src = origin + "/areas/" + encodeURIComponent(area) + "/page-feedback/?page=" +
    encodeURIComponent(window.location.href.split("#")[0]);
  frame.title = "Is there anything wrong with this page?";
  frame.style.width = "100%";
  frame.style.minHeight = "260px";
  frame.style.border = "0";
  frame.loading = "lazy";
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
