/* teachkit: configure require.js (loaded next) so that the Jupyter widgets HTML
   manager's AMD module resolves to the book's own copy in _static/vendor/. The
   manager derives where its fonts are from that module's URL; without this they
   would be requested from each page's own folder and fail. */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  if (!here || window.require) { return; }
  var vendor = here.replace(/[^/]*$/, "") + "vendor/";
  window.require = {
    paths: { "@jupyter-widgets/html-manager": vendor + "@jupyter-widgets/html-manager" }
  };
})();
