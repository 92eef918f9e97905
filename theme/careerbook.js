/* careerbook: interactive parts of rendered content. Plain JS, no network. */
(function () {
  "use strict";
  document.querySelectorAll(".cb-template-tools").forEach(function (tools) { tools.hidden = false; });
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("[data-cb-copy],[data-cb-download]");
    if (!b) return;
    var id = b.getAttribute("data-cb-copy") || b.getAttribute("data-cb-download");
    var pre = document.getElementById(id + "-text");
    if (!pre) return;
    var text = pre.textContent;
    if (b.hasAttribute("data-cb-copy")) {
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { b.textContent = "Copied"; });
    } else {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([text], { type: "text/markdown" }));
      a.download = b.getAttribute("data-cb-filename") || "template.md";
      document.body.appendChild(a); a.click(); a.remove();
    }
  });
})();
