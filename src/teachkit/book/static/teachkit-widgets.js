/* teachkit: configure require.js (loaded next) so that the Jupyter widgets HTML
   manager's AMD module resolves to the book's own copy in _static/vendor/. The
   manager derives where its fonts are from that module's URL; without this they
   would be requested from each page's own folder and fail. */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  if (!here || window.require) { return; }
  var vendor = here.replace(/[^/]*$/, "") + "vendor/";
  // Two of the manager's modules derive the fonts' folder from their own URL, and which
  // one does so first varies from load to load: map both ids into dist/, where the fonts are.
  var dist = vendor + "@jupyter-widgets/html-manager/dist";
  window.require = {
    paths: {
      "@jupyter-widgets/html-manager/dist": dist,
      "@jupyter-widgets/html-manager": dist + "/html-manager"
    }
  };
})();
